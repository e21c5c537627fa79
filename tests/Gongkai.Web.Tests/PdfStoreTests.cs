using Gongkai.Documents.Pdf;
using Gongkai.Web.Features.Documents;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gongkai.Web.Tests;

/// <summary>A published report's PDF is held in memory while it is asked for, and leaves memory when it is not.</summary>
public sealed class PdfStoreTests
{
#pragma warning disable CS0618 // MemoryCacheOptions.Clock is the cache's only clock seam
    private sealed class MovableClock : Microsoft.Extensions.Internal.ISystemClock
    {
        public DateTimeOffset UtcNow { get; set; } = DateTimeOffset.UtcNow;
    }

    [Fact]
    public async Task ReportPdf_NotAskedForPastItsKeepingTime_LeavesMemory()
    {
        var clock = new MovableClock();
        using var cache = new MemoryCache(new MemoryCacheOptions { Clock = clock, ExpirationScanFrequency = TimeSpan.Zero });
#pragma warning restore CS0618
        using var converter = new PdfConverter(keepWarm: false);
        using var services = new ServiceCollection().BuildServiceProvider();
        var store = new PdfStore(converter, services.GetRequiredService<IServiceScopeFactory>(), new PdfSettings(false, false), cache, NullLogger<PdfStore>.Instance);
        var seed = File.ReadAllBytes(Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "seeds"), "001_*.txt").Single());
        var docx = Gongkai.Documents.Reports.ReportDocxWriter.Write(Gongkai.Reading.ReportReader.Read(seed, "001.txt").Report);

        var pdf = await store.ReportAsync("1/2023/1", () => docx);
        Assert.True(pdf.AsSpan().StartsWith("%PDF"u8));
        Assert.True(store.HoldsReport("1/2023/1"));
        // Asked for again within the keeping time: the same bytes, without converting (the docx is not even made).
        Assert.Same(pdf, await store.ReportAsync("1/2023/1", () => throw new InvalidOperationException("converted again")));

        clock.UtcNow += PdfStore.ReportKeptFor + TimeSpan.FromMinutes(1);
        Assert.False(store.HoldsReport("1/2023/1"));
    }
}
