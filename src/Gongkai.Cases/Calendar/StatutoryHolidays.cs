using System.Collections.Concurrent;
using System.Globalization;

namespace Gongkai.Cases.Calendar;

/// <summary>
/// The holidays 《全国年节及纪念日放假办法》 itself fixes, for a year whose State Council notice is not loaded:
/// the notice only arranges bridges and make-up days (调休) around them, so these days are off whatever the
/// notice will say. Each year follows the revision in force that year:
/// <list type="bullet">
/// <item>from 2025 (国务院令第795号, 2024 revision): 元旦 1-1; 春节 除夕 and 正月初一至初三; 清明节; 劳动节 5-1, 5-2;
/// 端午节 五月初五; 中秋节 八月十五; 国庆节 10-1 to 10-3 (第二条);</item>
/// <item>2014–2024 (国务院令第644号, 2013 revision): the same without 除夕 and with 劳动节 5-1 only;</item>
/// <item>2008–2013 (国务院令第513号, 2007 revision): 春节 除夕、初一、初二, 劳动节 5-1 only;</item>
/// <item>before 2008 (1999 revision): 元旦, 春节 初一至初三, 劳动节 5-1 to 5-3, 国庆节 10-1 to 10-3.</item>
/// </list>
/// Lunar dates come from <see cref="ChineseLunisolarCalendar"/>; years it does not cover get only the
/// fixed-date holidays. No 调休 day is guessed: only the notice can make a weekend a working day.
/// </summary>
public static class StatutoryHolidays
{
    private static readonly ChineseLunisolarCalendar Lunar = new();
    private static readonly ConcurrentDictionary<int, IReadOnlyDictionary<DateOnly, string>> Cache = new();

    /// <summary>The statutory holidays of <paramref name="year"/>, date → name.</summary>
    public static IReadOnlyDictionary<DateOnly, string> For(int year) => Cache.GetOrAdd(year, Compute);

    public static bool IsHoliday(DateOnly date) => For(date.Year).ContainsKey(date);

    /// <summary>
    /// The day of the 清明 solar term (the sun at 15° ecliptic longitude), by the usual approximation
    /// ⌊Y·0.2422 + C⌋ − ⌊Y/4⌋ with Y the year's last two digits and C = 4.81 in the 21st century, 5.59 in the 20th.
    /// </summary>
    public static DateOnly QingmingDay(int year)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(year, 1901);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(year, 2100);
        // 2000 belongs to the 20th century's constant (Y = 100), as the formula's tables state.
        var (y, c) = year <= 2000 ? (year - 1900, 5.59) : (year - 2000, 4.81);
        var day = (int)Math.Floor(y * 0.2422 + c) - y / 4;
        return new DateOnly(year, 4, day);
    }

    /// <summary>The Gregorian date of a lunar date (month 1–12 as named, never a leap month) in the lunar year that begins in <paramref name="year"/>.</summary>
    public static DateOnly LunarDate(int year, int month, int day)
    {
        // GetLeapMonth returns the position of the leap month (e.g. 7 when the 6th month is doubled), so every
        // named month from that position on sits one place later.
        var leap = Lunar.GetLeapMonth(year);
        var position = leap != 0 && month >= leap ? month + 1 : month;
        return DateOnly.FromDateTime(Lunar.ToDateTime(year, position, day, 0, 0, 0, 0));
    }

    private static IReadOnlyDictionary<DateOnly, string> Compute(int year)
    {
        var days = new Dictionary<DateOnly, string>();
        void Add(DateOnly d, string name) => days.TryAdd(d, name);

        Add(new DateOnly(year, 1, 1), "元旦");
        var mayDays = year >= 2025 ? 2 : year >= 2008 ? 1 : 3;
        for (var i = 1; i <= mayDays; i++)
        {
            Add(new DateOnly(year, 5, i), "劳动节");
        }
        for (var i = 1; i <= 3; i++)
        {
            Add(new DateOnly(year, 10, i), "国庆节");
        }

        // The lunar year beginning in this Gregorian year; its 正月初一 always falls in January or February,
        // so 除夕 (the day before) does too.
        var lunarCovered = year > Lunar.MinSupportedDateTime.Year && year < Lunar.MaxSupportedDateTime.Year;
        if (lunarCovered)
        {
            var newYear = LunarDate(year, 1, 1);
            var (first, count) = year >= 2025 ? (-1, 4) : year >= 2014 ? (0, 3) : year >= 2008 ? (-1, 3) : (0, 3);
            for (var i = 0; i < count; i++)
            {
                Add(newYear.AddDays(first + i), "春节");
            }
            if (year >= 2008)
            {
                Add(LunarDate(year, 5, 5), "端午节");
                Add(LunarDate(year, 8, 15), "中秋节");
            }
        }
        if (year is >= 2008 and <= 2100)
        {
            Add(QingmingDay(year), "清明节");
        }
        return days;
    }
}
