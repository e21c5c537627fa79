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
        Assert.False(loaded.IsWorkingDay(new DateOnly(2027, 1, 2)));
    }

    [Fact]
    public void IsWorkingDay_NewYearsDayOfAYearWithoutNotice_IsAHoliday()
    {
        Assert.False(Calendar.HasSchedule(2027));
        Assert.False(Calendar.IsWorkingDay(new DateOnly(2027, 1, 1)));
    }

    [Fact]
    public void StatutoryHolidays_SpringFestival2027_IsNewYearsEveAndTheFirstThreeDaysOfTheLunarYear()
    {
        // Independent of the class under test: the lunisolar calendar's own 正月初一 of the lunar year 2027.
        var lunar = new System.Globalization.ChineseLunisolarCalendar();
        var firstDay = DateOnly.FromDateTime(lunar.ToDateTime(2027, 1, 1, 0, 0, 0, 0));
        Assert.Equal(new DateOnly(2027, 2, 6), firstDay);
        var spring = StatutoryHolidays.For(2027).Where(h => h.Value == "春节").Select(h => h.Key).Order().ToArray();
        Assert.Equal([new DateOnly(2027, 2, 5), new DateOnly(2027, 2, 6), new DateOnly(2027, 2, 7), new DateOnly(2027, 2, 8)], spring);
        Assert.All(spring, d => Assert.False(Calendar.IsWorkingDay(d)));
        Assert.True(Calendar.IsWorkingDay(new DateOnly(2027, 2, 9))); // 初四, a Tuesday: no bridge is guessed
    }

    [Fact]
    public void StatutoryHolidays_2027_NoMakeUpWorkingDayIsGuessed()
    {
        // 2027-02-20 is a Saturday a notice might make a working day; without one it stays a weekend.
        Assert.False(Calendar.IsWorkingDay(new DateOnly(2027, 2, 20)));
        Assert.True(Calendar.IsWorkingDay(new DateOnly(2027, 2, 19)));
    }

    [Fact]
    public void StatutoryHolidays_2027_AreTheThirteenDaysOfThe2024Revision() =>
        Assert.Equal(13, StatutoryHolidays.For(2027).Count);

    [Fact]
    public void QingmingDay_2019To2026_MatchesTheOfficialSchedules()
    {
        foreach (var year in Enumerable.Range(2019, 8))
        {
            var day = StatutoryHolidays.QingmingDay(year);
            var scheduled = Calendar.Scheduled(day);
            Assert.True(scheduled is { Kind: DayKind.Holiday, Name: "清明节" }, $"{year}: {day} is not 清明节 in the official schedule");
        }
        Assert.Equal(new DateOnly(2027, 4, 5), StatutoryHolidays.QingmingDay(2027));
        Assert.Equal(new DateOnly(2024, 4, 4), StatutoryHolidays.QingmingDay(2024));
        Assert.Equal(new DateOnly(2019, 4, 5), StatutoryHolidays.QingmingDay(2019));
    }

    [Fact]
    public void StatutoryHolidays_2019To2026_AreAllHolidaysInTheOfficialSchedules()
    {
        foreach (var year in Enumerable.Range(2019, 8))
        {
            foreach (var (date, name) in StatutoryHolidays.For(year))
            {
                var scheduled = Calendar.Scheduled(date);
                Assert.True(scheduled is { Kind: DayKind.Holiday }, $"{date:yyyy-MM-dd} {name} is not a holiday in the {year} notice");
            }
        }
    }

    [Theory]
    [InlineData(2024, "2024-02-09")] // 除夕 became statutory only in 2025 (2024 revision)
    [InlineData(2024, "2024-05-02")] // 5-2 likewise
    public void StatutoryHolidays_BeforeThe2024Revision_LeaveOutWhatItAdded(int year, string date) =>
        Assert.DoesNotContain(DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture), StatutoryHolidays.For(year).Keys);

    [Fact]
    public void StatutoryHolidays_LeapMonthBeforeTheFifthMonth_DragonBoatIsTheNamedFifthMonth()
    {
        // Lunar 2020 has a leap fourth month (闰四月): 端午 is 2020-06-25, not a month earlier or later.
        Assert.Equal(new DateOnly(2020, 6, 25), StatutoryHolidays.LunarDate(2020, 5, 5));
        // Lunar 2023 has a leap second month: 中秋 is 2023-09-29.
        Assert.Equal(new DateOnly(2023, 9, 29), StatutoryHolidays.LunarDate(2023, 8, 15));
    }
}
