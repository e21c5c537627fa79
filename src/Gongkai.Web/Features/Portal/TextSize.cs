namespace Gongkai.Web.Features.Portal;

/// <summary>
/// The public pages' 大字版 switch (适老化): wwwroot/js/text-size.js sets this cookie, and the layout reads it to send each
/// page already in large text. Only a display preference, so it is readable by script and not signed.
/// </summary>
public static class TextSize
{
    /// <summary>The cookie's name; text-size.js writes the same name.</summary>
    public const string Cookie = "gongkai-text-size";

    public const string Large = "large";
}
