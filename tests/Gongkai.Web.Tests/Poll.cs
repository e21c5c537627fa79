namespace Gongkai.Web.Tests;

/// <summary>Waiting for something another process does: asked again every half second, within a generous limit.</summary>
internal static class Poll
{
    public static async Task<bool> UntilAsync(Func<Task<bool>> condition, TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        while (true)
        {
            if (await condition())
            {
                return true;
            }
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }
            await Task.Delay(500);
        }
    }
}
