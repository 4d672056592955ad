using System.Text;
using Palisade.Cli;

Console.OutputEncoding = new UTF8Encoding(false);
var stdout = new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(false), 1 << 16) { AutoFlush = false };
var context = new CliContext(Console.In, stdout, Console.Error, Environment.CurrentDirectory) { IsConsole = true };
var code = await CliApp.RunAsync(args, context);
await stdout.FlushAsync();
return code;
