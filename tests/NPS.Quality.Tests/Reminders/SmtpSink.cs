using NPS.Quality.Tests.Infrastructure;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using MimeKit;

namespace NPS.Quality.Tests.Reminders;

/// <summary>
/// A real SMTP server for the tests: Debian's aiosmtpd (python3-aiosmtpd, installed by the build when missing) with a
/// small handler that writes each message it accepts as an .eml file, before answering 250. The tests read them back.
/// </summary>
public sealed class SmtpSink : IAsyncDisposable
{
    private const string Script = """
        import os, sys, time, uuid
        from aiosmtpd.controller import Controller

        out, port = sys.argv[1], int(sys.argv[2])

        class Sink:
            async def handle_DATA(self, server, session, envelope):
                name = os.path.join(out, f"{time.time_ns()}-{uuid.uuid4().hex}.eml")
                with open(name + ".tmp", "wb") as f:
                    f.write(envelope.original_content)
                os.replace(name + ".tmp", name)
                return "250 Message accepted for delivery"

        controller = Controller(Sink(), hostname="127.0.0.1", port=port)
        controller.start()
        print("READY", flush=True)
        try:
            sys.stdin.read()
        finally:
            controller.stop()
        """;

    private readonly Process _process;
    private readonly string _directory;

    public int Port { get; }

    private SmtpSink(Process process, string directory, int port) => (_process, _directory, Port) = (process, directory, port);

    public static async Task<SmtpSink> StartAsync(CancellationToken ct)
    {
        var directory = Directory.CreateTempSubdirectory("nps-smtp-").FullName;
        var script = Path.Combine(directory, "sink.py");
        await File.WriteAllTextAsync(script, Script, ct);
        var mail = Directory.CreateDirectory(Path.Combine(directory, "mail")).FullName;
        var port = FreePorts.Next();
        // Debian's interpreter sees Debian's python3-aiosmtpd, whatever python3 comes first on the PATH.
        var python = File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
        var process = Process.Start(new ProcessStartInfo(python, [script, mail, port.ToString()])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        })!;
        // Its own signal: the line it prints once the server listens.
        var line = await process.StandardOutput.ReadLineAsync(ct);
        if (line != "READY")
            throw new InvalidOperationException($"aiosmtpd did not start: {await process.StandardError.ReadToEndAsync(ct)}");
        return new SmtpSink(process, mail, port);
    }

    /// <summary>Every message received so far, oldest first.</summary>
    public IReadOnlyList<MimeMessage> Messages()
        => Directory.GetFiles(_directory, "*.eml").Order(StringComparer.Ordinal).Select(f => MimeMessage.Load(f)).ToList();

    public async ValueTask DisposeAsync()
    {
        try
        {
            _process.StandardInput.Close();
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _process.WaitForExitAsync(stop.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
        }
        _process.Dispose();
        try { Directory.Delete(Path.GetDirectoryName(_directory)!, recursive: true); } catch (IOException) { }
    }
}
