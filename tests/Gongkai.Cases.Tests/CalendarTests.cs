using Gongkai.Cases.Calendar;

namespace Gongkai.Cases.Tests;

public class CalendarTests
{
    private static readonly WorkingDayCalendar Calendar = WorkingDayCalendar.Official;

    [Theory]
    [InlineData("2024-10-01", false)] // 国庆
    [InlineData("2024-09-29", true)]  // Sunday made a working day (调休)
    [InlineData("2024-10-12", true)]  // Saturday made a working day
    [InlineData("2024-02-09", true)]  // 除夕 2024 is not a holiday by the notice
    [InlineData("2025-01-26", true)]
    [InlineData("2026-02-23", false)] // 春节 2026 runs to 02-23
    [InlineData("2023-12-30", false)] // an ordinary Saturday
    [InlineData("2023-12-29", true)]  // an ordinary Friday
    public void IsWorkingDay_FollowsTheStateCouncilSchedule(string date, bool working) =>
        Assert.Equal(working, Calendar.IsWorkingDay(DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void Official_Ships2019To2026WithTheirNotices()
    {
        Assert.Equal(Enumerable.Range(2019, 8), Calendar.ScheduledYears.Order());
        Assert.Equal("国办发明电〔2023〕7号", WorkingDayCalendar.Notices.Single(n => n.Year == 2024).Notice);
        Assert.False(Calendar.HasSchedule(2027));
    }

    [Fact]
    public void AddWorkingDays_DoesNotCountTheStartDay()
    {
        Assert.Equal(new DateOnly(2024, 10, 12), Calendar.AddWorkingDays(new DateOnly(2024, 9, 27), 7));
    }

    [Fact]
    public void ParseSchedule_WeekdayMarkedAsWorkday_IsRefusedNamingTheLine()
    {
        var e = Assert.Throws<FormatException>(() => WorkingDayCalendar.ParseSchedule("date\tkind\tname\n2027-01-04\tworkday\t元旦"));
        Assert.Contains("第2行", e.Message);
        Assert.Contains("星期一", e.Message);
    }

    [Fact]
    public void ParseSchedule_BadKind_IsRefused() =>
        Assert.Contains("holiday", Assert.Throws<FormatException>(() => WorkingDayCalendar.ParseSchedule("2027-01-01\tfree\t元旦")).Message);

    [Fact]
    public void WithYear_LoadedSchedule_ChangesWorkingDaysAndMarksTheYearScheduled()
    {
        var loaded = Calendar.WithYear(2027, WorkingDayCalendar.ParseSchedule("2027-01-01\tholiday\t元旦\n2027-01-02\tholiday\t元旦"));
        Assert.True(loaded.HasSchedule(2027));
        Assert.False(loaded.IsWorkingDay(new DateOnly(2027, 1, 1)));
        Assert.True(Calendar.IsWorkingDay(new DateOnly(2027, 1, 1)));
    }
}
