using System.Diagnostics;
using System.Globalization;

namespace Gongkai.Reading.Ocr;

/// <summary>The one way Gongkai runs poppler and Tesseract (reading scans, redacting files): arguments as a list, a time budget, both streams read.</summary>
public static class OcrProgram
{
    /// <summary>The exit code and what the program wrote; a program running past its budget is killed and refused.</summary>
    /// <exception cref="System.ComponentModel.Win32Exception">The program is not installed.</exception>
    public static (int Code, string Output, string Error) Run(string program, IEnumerable<string> arguments, TimeSpan budget, string what)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in arguments)
        {
            start.ArgumentList.Add(a);
        }
        // Pages are read side by side, one process each: Tesseract's own threads would only contend with them.
        start.Environment["OMP_THREAD_LIMIT"] = "1";
        using var process = Process.Start(start) ?? throw new ReportReadException($"{what}：程序无法启动");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(budget))
        {
            process.Kill(entireProcessTree: true);
            throw new ReportReadException(string.Create(CultureInfo.InvariantCulture, $"{what}：超过 {budget.TotalSeconds:0} 秒上限，已停止"));
        }
        process.WaitForExit();
        return (process.ExitCode, output.Result, error.Result);
    }
}
