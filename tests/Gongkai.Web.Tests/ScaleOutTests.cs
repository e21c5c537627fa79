using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Gongkai.Cases.Cases;

namespace Gongkai.Web.Tests;

/// <summary>
/// Two web instances over one database (PostgreSQL when GONGKAI_TEST_POSTGRES is set, else one SQLite
/// file): nothing that matters lives in process, so either instance serves any request.
/// </summary>
public sealed class ScaleOutTests : IDisposable
{
    private readonly GongkaiFactory first = new();
    private GongkaiFactory? second;

    public void Dispose()
    {
        second?.Dispose();
        first.Dispose();
    }

    [Fact]
    public async Task CaseCreatedOnOneInstance_IsHandledOnTheOther_WithTheFirstInstancesToken()
    {
        var registrarOnFirst = await first.ApiAs("registrar");
        var c = await Api.Register(registrarOnFirst);
        second = GongkaiFactory.SecondInstance(first);

        // A token issued by the first instance is accepted by the second: the Data Protection keys are in the database.
        var handlerOnFirst = await first.ApiAs("handler");
        var handlerOnSecond = second.CreateClient();
        handlerOnSecond.DefaultRequestHeaders.Authorization = handlerOnFirst.DefaultRequestHeaders.Authorization;
        var accepted = await Api.ActOk(handlerOnSecond, c, CaseAction.Accept);
        Assert.Equal("InProgress", accepted.GetProperty("state").GetString());

        var seenOnFirst = await handlerOnFirst.GetFromJsonAsync<JsonElement>($"/api/cases/{c.GetProperty("id").GetGuid()}");
        Assert.Equal(accepted.GetProperty("version").GetGuid(), seenOnFirst.GetProperty("version").GetGuid());
        Assert.Equal("1101**********002X", seenOnFirst.GetProperty("maskedIdNumber").GetString());
    }

    [Fact]
    public async Task ConcurrentRegistrationsOnBothInstances_GetDistinctTrackingNumbersAndOneAuditChain()
    {
        await first.SeedAsync();
        second = GongkaiFactory.SecondInstance(first);
        var clients = new[] { await first.ApiAs("registrar"), await second.ApiAs("registrar") };
        var responses = await Task.WhenAll(Enumerable.Range(0, 16).Select(i => clients[i % 2].PostAsJsonAsync("/api/cases", Api.Registration())));
        foreach (var r in responses)
        {
            Assert.True(r.StatusCode == HttpStatusCode.Created, $"{(int)r.StatusCode} {await r.Content.ReadAsStringAsync()}");
        }
        var numbers = await Task.WhenAll(responses.Select(async r => (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("trackingNumber").GetString()));
        Assert.Equal(16, numbers.Distinct().Count());
        await using var db = first.OpenDb();
        Assert.Empty(await Gongkai.Data.Audit.AuditChain.Verify(db));
    }
}
