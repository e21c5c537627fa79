using Gongkai.Cli;

Console.OutputEncoding = System.Text.Encoding.UTF8;
return CliApp.Run(args, Console.Out, Console.Error, interactive: !Console.IsOutputRedirected);
