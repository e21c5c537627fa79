using System.Globalization;

namespace Gongkai.Cases.Calendar;

/// <summary>What the State Council's notice makes of a date: a holiday (放假) or a make-up working day (调休上班).</summary>
public enum DayKind
{
    Holiday,
    Workday,
}

/// <summary>One line of a year's schedule.</summary>
public sealed record ScheduledDay(DateOnly Date, DayKind Kind, string Name);

/// <summary>The State Council notice a year's schedule comes from.</summary>
public sealed record HolidayNotice(int Year, string Notice, string Issued, string Source);

/// <summary>
/// China's working days: Monday to Friday unless the year's notice (国务院办公厅关于XXXX年部分节假日安排的通知)
/// makes the date a holiday, and Saturdays or Sundays the notice makes working days (调休). A year without
/// a loaded schedule is counted by weekdays less the holidays 《全国年节及纪念日放假办法》 fixes
/// (<see cref="StatutoryHolidays"/>) and reported as unscheduled, so deadlines that reach into it can be
/// marked provisional and recomputed once the notice is published.
/// </summary>
public sealed class WorkingDayCalendar
{
    private readonly Dictionary<DateOnly, ScheduledDay> days;
    private readonly HashSet<int> scheduledYears;

    public WorkingDayCalendar(IEnumerable<ScheduledDay> schedule, IEnumerable<int> scheduledYears)
    {
        days = [];
        foreach (var day in schedule)
        {
            days[day.Date] = day;
        }
        this.scheduledYears = [.. scheduledYears];
    }

    /// <summary>The notice behind each shipped year (Calendar/holiday-notices.tsv).</summary>
    public static IReadOnlyList<HolidayNotice> Notices { get; } = ReadResource("holiday-notices.tsv")
        .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .Skip(1)
        .Select(l => l.Split('\t'))
        .Select(f => new HolidayNotice(int.Parse(f[0], CultureInfo.InvariantCulture), f[1], f[2], f[3]))
        .ToArray();

    // Declared after Notices, which it uses: static initialisers run in text order.
    /// <summary>The official 2019–2026 schedules shipped with Gongkai (Calendar/cn-holidays.tsv).</summary>
    public static WorkingDayCalendar Official { get; } = FromTsv(ReadResource("cn-holidays.tsv"), Notices.Select(n => n.Year));

    public IReadOnlyCollection<int> ScheduledYears => scheduledYears;

    public bool HasSchedule(int year) => scheduledYears.Contains(year);

    public ScheduledDay? Scheduled(DateOnly date) => days.GetValueOrDefault(date);

    public bool IsWorkingDay(DateOnly date)
    {
        if (days.TryGetValue(date, out var day))
        {
            return day.Kind == DayKind.Workday;
        }
        // The notice, once loaded, lists every holiday of its year (the statutory ones included), so the
        // fallback applies only where no notice is loaded.
        if (!HasSchedule(date.Year) && StatutoryHolidays.IsHoliday(date))
        {
            return false;
        }
        return date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday);
    }

    /// <summary>
    /// The <paramref name="count"/>-th working day after <paramref name="start"/>; the start day itself is
    /// not counted (民事诉讼法 第八十五条: 期间开始的日不计算在期间内 — the 条例 is silent, see docs).
    /// </summary>
    public DateOnly AddWorkingDays(DateOnly start, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var date = start;
        var counted = 0;
        while (counted < count)
        {
            date = date.AddDays(1);
            if (IsWorkingDay(date))
            {
                counted++;
            }
        }
        return date;
    }

    /// <summary>Working days d with <paramref name="from"/> &lt; d ≤ <paramref name="to"/>.</summary>
    public int WorkingDaysBetween(DateOnly from, DateOnly to)
    {
        var n = 0;
        for (var d = from.AddDays(1); d <= to; d = d.AddDays(1))
        {
            if (IsWorkingDay(d))
            {
                n++;
            }
        }
        return n;
    }

    /// <summary>Years between two dates (inclusive) that have no loaded schedule.</summary>
    public IReadOnlyList<int> UnscheduledYears(DateOnly from, DateOnly to) =>
        Enumerable.Range(from.Year, to.Year - from.Year + 1).Where(y => !HasSchedule(y)).ToArray();

    /// <summary>This calendar with another year's schedule added (an administrator loading a new notice).</summary>
    public WorkingDayCalendar WithYear(int year, IEnumerable<ScheduledDay> schedule)
    {
        var list = days.Values.Where(d => d.Date.Year != year).ToList();
        list.AddRange(schedule);
        return new WorkingDayCalendar(list, scheduledYears.Append(year));
    }

    /// <summary>
    /// Parses the schedule format <c>date⇥kind⇥name</c> (kind: holiday or workday), one line a day after a
    /// header line. Errors name the line and what is wrong, in Chinese.
    /// </summary>
    public static IReadOnlyList<ScheduledDay> ParseSchedule(string tsv)
    {
        var result = new List<ScheduledDay>();
        var lines = tsv.Replace("\r", "", StringComparison.Ordinal).Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0 || (i == 0 && line.StartsWith("date", StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }
            var f = line.Split('\t');
            if (f.Length < 2)
            {
                throw new FormatException($"第{i + 1}行应为“日期⇥holiday|workday⇥名称”，实为“{line}”");
            }
            if (!DateOnly.TryParseExact(f[0].Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                throw new FormatException($"第{i + 1}行的日期“{f[0]}”不是 yyyy-MM-dd 格式");
            }
            var kind = f[1].Trim().ToLowerInvariant() switch
            {
                "holiday" or "放假" => DayKind.Holiday,
                "workday" or "上班" or "调休" => DayKind.Workday,
                _ => throw new FormatException($"第{i + 1}行的类别“{f[1]}”应为 holiday（放假）或 workday（上班）"),
            };
            if (kind == DayKind.Workday && date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday))
            {
                throw new FormatException($"第{i + 1}行：{date:yyyy-MM-dd} 是{Weekday(date)}，调休上班日应为周六或周日");
            }
            result.Add(new ScheduledDay(date, kind, f.Length > 2 ? f[2].Trim() : ""));
        }
        return result;
    }

    private static string Weekday(DateOnly d) => "星期" + "日一二三四五六"[(int)d.DayOfWeek];

    public static WorkingDayCalendar FromTsv(string tsv, IEnumerable<int> scheduledYears) => new(ParseSchedule(tsv), scheduledYears);

    private static string ReadResource(string name)
    {
        using var stream = typeof(WorkingDayCalendar).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"Missing embedded resource {name}");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
