using System.Collections.Concurrent;
using Gongkai.Data;
using Gongkai.Documents.Pdf;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace Gongkai.Web.Features.Documents;

/// <summary>Settings: convert a letter to PDF as soon as it is issued, and start LibreOffice with the application.</summary>
public sealed record PdfSettings(bool ConvertOnIssue, bool WarmUpAtStart);

/// <summary>
/// PDFs made ahead of the download: a letter is converted in the background when it is issued (and kept with it), a
/// published report when it is published (kept in memory while it is asked for), so the applicant's or the public's
/// download is served at once. A download that comes before its conversion ends waits for that same conversion instead
/// of starting another.
/// </summary>
public sealed class PdfStore(PdfConverter converter, IServiceScopeFactory scopes, PdfSettings settings, IMemoryCache cache, ILogger<PdfStore> log) : IHostedService
{
    /// <summary>A report's PDF not downloaded for this long leaves memory (made again, in about 0.1 s warm, when next asked for).</summary>
    public static readonly TimeSpan ReportKeptFor = TimeSpan.FromHours(6);

    /// <summary>Conversions under way, so that concurrent downloads share one.</summary>
    private readonly ConcurrentDictionary<string, Lazy<Task<byte[]>>> work = new();

    /// <summary>Starts converting an issued letter, unless turned off; its PDF is saved with it.</summary>
    public void Prepare(Guid documentId)
    {
        if (settings.ConvertOnIssue && PdfConverter.IsAvailable)
        {
            _ = ObserveAsync(LetterAsync(documentId, null));
        }
    }

    /// <summary>The letter's PDF: saved, being made, or made now.</summary>
    public Task<byte[]> LetterAsync(Guid documentId, byte[]? docx) =>
        Run("letter:" + documentId, async () =>
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<GongkaiDbContext>();
            var saved = await db.CaseDocuments.AsNoTracking().Where(d => d.Id == documentId).Select(d => new { d.Pdf, d.Docx }).SingleAsync();
            if (saved.Pdf is { } made)
            {
                return made;
            }
            var bytes = await converter.ConvertAsync(docx ?? saved.Docx);
            await db.CaseDocuments.Where(d => d.Id == documentId).ExecuteUpdateAsync(u => u.SetProperty(d => d.Pdf, bytes));
            return bytes;
        });

    /// <summary>A published report's PDF, kept in memory under its publication (a new edition has another key).</summary>
    public Task<byte[]> ReportAsync(string key, Func<byte[]> docx)
    {
        var cacheKey = ReportCacheKey(key);
        if (cache.TryGetValue(cacheKey, out byte[]? kept) && kept is not null)
        {
            return Task.FromResult(kept);
        }
        return Run("report:" + key, async () =>
        {
            var bytes = await converter.ConvertAsync(docx());
            cache.Set(cacheKey, bytes, new MemoryCacheEntryOptions { SlidingExpiration = ReportKeptFor });
            return bytes;
        });
    }

    /// <summary>Starts converting a report as it is published.</summary>
    public void PrepareReport(string key, Func<byte[]> docx)
    {
        if (settings.ConvertOnIssue && PdfConverter.IsAvailable)
        {
            _ = ObserveAsync(ReportAsync(key, docx));
        }
    }

    /// <summary>True while a report's PDF is held in memory.</summary>
    public bool HoldsReport(string key) => cache.TryGetValue(ReportCacheKey(key), out _);

    private static (Type, string) ReportCacheKey(string key) => (typeof(PdfStore), key);

    private Task<byte[]> Run(string key, Func<Task<byte[]>> make)
    {
        var lazy = work.GetOrAdd(key, _ => new Lazy<Task<byte[]>>(() => Task.Run(make)));
        var task = lazy.Value;
        // Finished work leaves the table: a letter's PDF is kept in the database, a report's in the cache, a failure
        // nowhere (the next download tries again).
        _ = task.ContinueWith(_ => work.TryRemove(new KeyValuePair<string, Lazy<Task<byte[]>>>(key, lazy)), TaskScheduler.Default);
        return task;
    }

    private async Task ObserveAsync(Task task)
    {
        try
        {
            await task;
        }
        catch (Exception e) when (e is PdfConversionException or DbUpdateException or InvalidOperationException)
        {
            log.LogWarning(e, "后台生成 PDF 失败，将在下载时重试");
        }
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (settings.WarmUpAtStart && PdfConverter.IsAvailable)
        {
            // In the background: the application serves requests while LibreOffice starts.
            _ = Task.Run(() => converter.WarmUpAsync(CancellationToken.None), CancellationToken.None);
        }
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
