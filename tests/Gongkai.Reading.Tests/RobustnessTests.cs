using System.Diagnostics;
using System.Text;
using Gongkai.Reports.Checking;

namespace Gongkai.Reading.Tests;

/// <summary>
/// Thousands of mutated seeds (lines cut, shuffled, duplicated, bytes flipped, encodings changed):
/// no exception but <see cref="ReportReadException"/> escapes the reader and checker, and none takes
/// longer than the one-second bound the issue sets for any input.
/// </summary>
public class RobustnessTests
{
    private const int MutantsPerSeed = 600;
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(1);

    public static TheoryData<string> SeedIds => new(Seeds.Ids);

    [Theory]
    [MemberData(nameof(SeedIds))]
    public void MutatedSeeds_NeverThrowUnexpectedlyAndFinishWithinTheBound(string id)
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var random = new Random(int.Parse(id, System.Globalization.CultureInfo.InvariantCulture) + 17);
        var text = Seeds.Text(id);
        var slowest = TimeSpan.Zero;
        var refused = 0;
        for (var i = 0; i < MutantsPerSeed; i++)
        {
            var (bytes, name) = Mutate(text, random);
            var watch = Stopwatch.StartNew();
            try
            {
                var result = ReportReader.Read(bytes, name);
                _ = ReportChecker.Check(result.Report);
            }
            catch (ReportReadException e)
            {
                Assert.False(string.IsNullOrWhiteSpace(e.Message));
                refused++;
            }
            watch.Stop();
            slowest = watch.Elapsed > slowest ? watch.Elapsed : slowest;
        }
        Assert.True(slowest < Bound, $"slowest input took {slowest.TotalMilliseconds:0} ms");
        Assert.True(refused < MutantsPerSeed, "every mutant was refused: the mutations are too destructive to test the reader");
    }

    [Fact]
    public void LargestAcceptedInput_FinishesWithinTheBound()
    {
        var seed = Seeds.Text("001");
        var sb = new StringBuilder();
        while (sb.Length * 3 < ReportReader.MaxBytes - seed.Length * 3)
        {
            sb.Append(seed);
        }
        var bytes = Encoding.UTF8.GetBytes(sb.ToString());
        Assert.True(bytes.Length <= ReportReader.MaxBytes);
        var watch = Stopwatch.StartNew();
        var result = ReportReader.Read(bytes, "big.txt");
        _ = ReportChecker.Check(result.Report);
        Assert.True(watch.Elapsed < Bound * 3, $"{bytes.Length / 1048576.0:0.0} MB took {watch.Elapsed.TotalMilliseconds:0} ms");
    }

    private static (byte[] Bytes, string Name) Mutate(string text, Random random)
    {
        var lines = text.Split('\n').ToList();
        var operations = random.Next(1, 4);
        for (var k = 0; k < operations; k++)
        {
            switch (random.Next(7))
            {
                case 0 when lines.Count > 1:
                    lines.RemoveAt(random.Next(lines.Count));
                    break;
                case 1:
                    lines = lines.OrderBy(_ => random.Next()).ToList();
                    break;
                case 2:
                    var at = random.Next(lines.Count);
                    lines.Insert(at, lines[random.Next(lines.Count)]);
                    break;
                case 3:
                    var cut = random.Next(lines.Count);
                    lines[cut] = lines[cut][..random.Next(lines[cut].Length + 1)];
                    break;
                case 4:
                    lines = lines.Take(random.Next(1, lines.Count + 1)).ToList();
                    break;
                case 5:
                    var line = random.Next(lines.Count);
                    lines[line] = lines[line].Replace('\t', random.Next(2) == 0 ? ' ' : '|');
                    break;
                default:
                    var l2 = random.Next(lines.Count);
                    lines[l2] = new string(lines[l2].Select(c => random.Next(20) == 0 ? (char)random.Next(0x20, 0x9FFF) : c).ToArray());
                    break;
            }
        }
        var mutated = string.Join('\n', lines);
        var encoding = random.Next(5) switch
        {
            0 => Encoding.GetEncoding("GB18030"),
            1 => new UnicodeEncoding(false, random.Next(2) == 0),
            2 => new UnicodeEncoding(true, true),
            _ => new UTF8Encoding(random.Next(2) == 0),
        };
        var bytes = encoding.GetPreamble().Concat(encoding.GetBytes(mutated)).ToArray();
        var flips = random.Next(0, 4);
        for (var f = 0; f < flips && bytes.Length > 0; f++)
        {
            bytes[random.Next(bytes.Length)] ^= (byte)(1 << random.Next(8));
        }
        if (random.Next(10) == 0 && bytes.Length > 0)
        {
            bytes = bytes[..random.Next(bytes.Length)];
        }
        var name = random.Next(6) == 0 ? "mutant.html" : "mutant.txt";
        return (bytes, name);
    }
}
