namespace Gongkai.Web.Infrastructure;

/// <summary>
/// A service's answer: the value, or the Chinese refusal saying what was wrong (nothing was changed). Services
/// that return nothing use a plain <c>string?</c> refusal (null when done), the same convention without a value.
/// </summary>
public sealed record Outcome<T>(T? Value, string? Error)
{
    public bool Succeeded => Error is null;

    public static Outcome<T> Ok(T value) => new(value, null);

    public static Outcome<T> Refuse(string message) => new(default, message);

    public static implicit operator Outcome<T>(string refusal) => Refuse(refusal);
}
