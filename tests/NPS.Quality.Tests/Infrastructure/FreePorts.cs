using System.Net;
using System.Net.Sockets;

namespace NPS.Quality.Tests.Infrastructure;

/// <summary>A loopback port nothing listens on right now, for the servers the tests start (PostgreSQL, SMTP).</summary>
public static class FreePorts
{
    public static int Next()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
