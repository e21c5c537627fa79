namespace Gongkai.Data.Staff;

/// <summary>
/// The password rules, in one place for the web app (an Identity password validator) and the command line:
/// at least 10 characters with letters and digits, not containing the user name, not one of the passwords
/// people choose most, not one character repeated.
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
        return null;
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
