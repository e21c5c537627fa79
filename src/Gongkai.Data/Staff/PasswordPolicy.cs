namespace Gongkai.Data.Staff;

/// <summary>
/// The password rules, in one place for the web app (an Identity password validator) and the command line:
/// at least 10 characters with letters and digits, not containing the user name, not one of the passwords
/// people choose most, not one character repeated, and not made only of keyboard patterns (Qwertyuiop123,
/// 1qaz2wsx3edc, Asdf2024asdf, Password2024) — the first things a guessing program tries.
/// </summary>
public static class PasswordPolicy
{
    public const int MinLength = 10;

    /// <summary>The most used passwords and their obvious variants (lists of leaked passwords begin with these).</summary>
    private static readonly HashSet<string> Common = new(StringComparer.OrdinalIgnoreCase)
    {
        "1234567890", "12345678910", "123456789a", "a123456789", "1234567890a", "qwertyuiop", "qwerty1234", "qwerty12345",
        "1q2w3e4r5t", "1q2w3e4r5t6y", "q1w2e3r4t5", "1qaz2wsx3edc", "1qaz2wsx3e", "zaq12wsxcde", "password1", "password12",
        "password123", "password1234", "passw0rd123", "p@ssw0rd123", "abc1234567", "abcd123456", "abc123456789", "aa12345678",
        "admin12345", "admin123456", "administrator1", "welcome123", "welcome1234", "iloveyou123", "woaini1314", "woaini520",
        "woaini123456", "5201314520", "5201314abc", "asdfghjkl1", "asdf123456", "zxcvbnm123", "qazwsx1234", "test123456",
        "changeme123", "letmein1234", "gongkai123", "gongkai1234", "gongan12345", "gongan123456", "zhengfu12345", "china12345",
        "beijing2008", "sunshine123", "football123", "monkey12345", "dragon12345", "master12345", "superman123", "computer123",
    };

    /// <summary>A Chinese message saying what is wrong, or null when the password may be used.</summary>
    public static string? Check(string? userName, string? password)
    {
        if (string.IsNullOrEmpty(password))
        {
            return "请填写密码";
        }
        if (password.Length < MinLength)
        {
            return $"密码至少需要{MinLength}个字符，实为{password.Length}个";
        }
        if (!password.Any(char.IsLetter) || !password.Any(char.IsDigit))
        {
            return "密码需要同时包含字母和数字";
        }
        if (password.Distinct().Count() <= 2)
        {
            return "密码不能由一两个字符重复组成";
        }
        if (!string.IsNullOrWhiteSpace(userName) && password.Contains(userName.Trim(), StringComparison.OrdinalIgnoreCase))
        {
            return "密码不能包含用户名";
        }
        if (Common.Contains(password) || IsSequence(password))
        {
            return "该密码过于常见，容易被猜中，请换一个";
        }
        if (IsKeyboardPattern(password))
        {
            return "该密码只由键盘上相邻的键、连续的字母或数字、常见单词和少量数字组成（如 qwerty123、1qaz2wsx、password2024），容易被猜中，请换一个";
        }
        return null;
    }

    /// <summary>Runs along the keyboard's rows (and the shifted digit row), both ways, and the zig-zags between rows.</summary>
    private static readonly string[] Walks =
    [
        "1234567890-=", "!@#$%^&*()_+", "qwertyuiop[]", "asdfghjkl;'", "zxcvbnm,./",
        "abcdefghijklmnopqrstuvwxyz", "1q2w3e4r5t6y7u8i9o0p", "q1w2e3r4t5y6u7i8o9p0", "1a2s3d4f5g6h7j8k9l",
    ];

    /// <summary>Keyboard columns, walked top-down or bottom-up (1qaz, zaq1, wsx, 3edc…).</summary>
    private static readonly string[] Columns = ["1qaz", "2wsx", "3edc", "4rfv", "5tgb", "6yhn", "7ujm", "8ik,", "9ol.", "0p;/"];

    /// <summary>Words guessing lists pair with digits (pinyin ones included).</summary>
    private static readonly string[] Words =
    [
        "password", "passw0rd", "p@ssw0rd", "admin", "administrator", "welcome", "iloveyou", "woaini", "letmein", "changeme",
        "test", "root", "user", "gongkai", "gongan", "zhengfu", "china", "beijing", "qwerty", "abc", "aaa",
    ];

    /// <summary>
    /// True when the whole password splits into at most four pieces, each a run of three or more characters along
    /// a keyboard row, column or the alphabet (either way), one character repeated, a common word, or a short tail
    /// of up to four digits or symbols (besides at least one other piece).
    /// </summary>
    internal static bool IsKeyboardPattern(string password)
    {
        var p = password.ToLowerInvariant();
        // best[i]: the fewest pieces covering p[..i] that use at least one non-tail piece (or int.MaxValue);
        // tailOnly[i]: the fewest tail pieces covering p[..i].
        var n = p.Length;
        var best = Enumerable.Repeat(int.MaxValue, n + 1).ToArray();
        var tailOnly = Enumerable.Repeat(int.MaxValue, n + 1).ToArray();
        tailOnly[0] = 0;
        for (var end = 1; end <= n; end++)
        {
            for (var start = 0; start < end; start++)
            {
                var piece = p[start..end];
                if (IsTail(piece))
                {
                    best[end] = Math.Min(best[end], Plus(best[start]));
                    tailOnly[end] = Math.Min(tailOnly[end], Plus(tailOnly[start]));
                }
                if (IsPattern(piece))
                {
                    best[end] = Math.Min(best[end], Plus(Math.Min(best[start], tailOnly[start])));
                }
            }
        }
        return best[n] <= 4;

        static int Plus(int pieces) => pieces == int.MaxValue ? int.MaxValue : pieces + 1;
    }

    private static bool IsTail(string piece) => piece.Length <= 4 && piece.All(c => !char.IsLetter(c));

    private static bool IsPattern(string piece)
    {
        if (piece.Length < 3)
        {
            return false;
        }
        if (piece.All(c => c == piece[0]) || Words.Contains(piece, StringComparer.Ordinal))
        {
            return true;
        }
        foreach (var walk in Walks)
        {
            if (walk.Contains(piece, StringComparison.Ordinal) || walk.Contains(Reverse(piece), StringComparison.Ordinal))
            {
                return true;
            }
        }
        // Down the columns one after another (1qaz2wsx) or up them (zaq1xsw2), in either direction along the row.
        return ColumnWalks.Any(w => w.Contains(piece, StringComparison.Ordinal) || w.Contains(Reverse(piece), StringComparison.Ordinal));
    }

    private static readonly string[] ColumnWalks = [string.Concat(Columns), string.Concat(Columns.Select(Reverse))];

    private static string Reverse(string s)
    {
        var chars = s.ToCharArray();
        Array.Reverse(chars);
        return new string(chars);
    }

    /// <summary>Runs such as 1234567890 or abcdefghij.</summary>
    private static bool IsSequence(string password)
    {
        var up = true;
        var down = true;
        for (var i = 1; i < password.Length; i++)
        {
            up &= password[i] == password[i - 1] + 1;
            down &= password[i] == password[i - 1] - 1;
        }
        return up || down;
    }

    /// <summary>A one-time password that satisfies the policy: 12 characters from an alphabet without look-alikes.</summary>
    public static string OneTime()
    {
        const string letters = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ";
        const string digits = "23456789";
        var chars = System.Security.Cryptography.RandomNumberGenerator.GetItems<char>(letters + digits, 12);
        chars[0] = letters[System.Security.Cryptography.RandomNumberGenerator.GetInt32(letters.Length)];
        chars[5] = digits[System.Security.Cryptography.RandomNumberGenerator.GetInt32(digits.Length)];
        return new string(chars);
    }
}
