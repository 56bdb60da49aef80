using System.Net;
using System.Net.Sockets;

namespace NPS.Quality.Tests.Reliability;

/// <summary>
/// A loopback TCP relay in front of the test PostgreSQL, which a test can cut (every connection reset, new ones
/// refused, as when the server is down) and restore, without touching the server the other tests use.
/// </summary>
public sealed class TcpProxy(string targetHost, int targetPort) : IAsyncDisposable
{
    private readonly List<TcpClient> _open = [];
    private TcpListener? _listener;
    private CancellationTokenSource _cut = new();

    public int Port { get; private set; }

    public void Start()
    {
        _cut = new CancellationTokenSource();
        _listener = new TcpListener(IPAddress.Loopback, Port);
        _listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _ = AcceptAsync(_listener, _cut.Token);
    }

    /// <summary>PostgreSQL "goes down": the port refuses connections and every open one is reset.</summary>
    public void Cut()
    {
        _cut.Cancel();
        _listener?.Stop();
        _listener = null;
        lock (_open)
        {
            foreach (var client in _open)
            {
                // A zero linger turns the close into a reset, as when the server process dies.
                try { client.Client?.LingerState = new LingerOption(true, 0); } catch (Exception) { /* already closed */ }
                client.Close();
            }
            _open.Clear();
        }
    }

    private async Task AcceptAsync(TcpListener listener, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await listener.AcceptTcpClientAsync(ct); }
            catch (Exception) { return; }
            var server = new TcpClient();
            try { await server.ConnectAsync(targetHost, targetPort, ct); }
            catch (Exception) { client.Close(); continue; }
            lock (_open) { _open.Add(client); _open.Add(server); }
            _ = RelayAsync(client.GetStream(), server.GetStream(), ct);
            _ = RelayAsync(server.GetStream(), client.GetStream(), ct);
        }
    }

    private static async Task RelayAsync(Stream from, Stream to, CancellationToken ct)
    {
        try { await from.CopyToAsync(to, ct); }
        catch (Exception) { /* cut or closed: the other side sees a reset */ }
        finally { try { to.Close(); } catch (Exception) { } }
    }

    public ValueTask DisposeAsync()
    {
        Cut();
        return ValueTask.CompletedTask;
    }
}
