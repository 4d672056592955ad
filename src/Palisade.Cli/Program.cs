using System.Text;
using Palisade.Cli;

Console.OutputEncoding = new UTF8Encoding(false);
var stdout = new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(false), 1 << 16) { AutoFlush = false };

// On a terminal: colour (unless NO_COLOR or --no-color) and a progress line for work past a second.
var (output, error, progress) = StaticProgress.Attach(stdout, Console.Error, args);
var context = new CliContext(Console.In, output, error, Environment.CurrentDirectory) { IsConsole = true };
if (progress is not null)
{
    progress.Activity = () => context.Activity;
}

var code = await CliApp.RunAsync(args, context);
progress?.Stop();
await output.FlushAsync();
await stdout.FlushAsync();
return code;
