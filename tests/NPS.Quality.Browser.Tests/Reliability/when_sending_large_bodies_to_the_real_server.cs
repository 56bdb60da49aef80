using System.Net;
using System.Text;
using System.Text.Json;

namespace NPS.Quality.Browser.Tests.Reliability;

/// <summary>The real service behind Kestrel, once for this class: its own server limits, not the in-memory test host's.</summary>
public sealed class RealServer : IAsyncLifetime
{
    public ServiceProcess App { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        App = await ServiceProcess.CreateAsync("nps_bodies");
        await App.StartAsync();
    }

    public async ValueTask DisposeAsync() => await App.DisposeAsync();
}

/// <summary>
/// Body limits hold on the stream, behind Kestrel: a PDF of exactly the documented 50 MB is verified (Kestrel's own
/// 30 MB default no longer refuses it), one byte more is a French 413, and a chunked YAML body over 1 MB is a 413.
/// </summary>
public sealed class when_sending_large_bodies_to_the_real_server(RealServer server) : IClassFixture<RealServer>
{
    private const int FiftyMegabytes = 50 * 1024 * 1024;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<HttpResponseMessage> Post(string url, HttpContent content, bool expectContinue = false)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = content };
        request.Headers.ExpectContinue = expectContinue;
        request.Headers.Authorization = new("Bearer", ServiceProcess.AdminToken);
        if (!expectContinue) return await server.App.Api.SendAsync(request, Ct);
        // HttpClient waits only 1 s for the server's answer to "Expect: 100-continue" before sending the body anyway: on a
        // loaded machine the refusal comes later and the client then writes into a closed connection. Wait for it.
        using var patient = new HttpClient(new SocketsHttpHandler { Expect100ContinueTimeout = TimeSpan.FromMinutes(5) })
        {
            BaseAddress = server.App.Api.BaseAddress,
            Timeout = Timeout.InfiniteTimeSpan,
        };
        return await patient.SendAsync(request, Ct);
    }

    private static async Task<JsonElement> Body(HttpResponseMessage response)
        => JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement;

    [Fact]
    public async Task a_pdf_of_exactly_fifty_megabytes_is_verified()
    {
        using var response = await Post("/api/dossiers/verify", new ByteArrayContent(new byte[FiftyMegabytes]));
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct));
        (await Body(response)).GetProperty("genuine").GetBoolean().ShouldBeFalse();
    }

    [Fact]
    public async Task one_byte_more_is_a_french_413()
    {
        // As a careful client does: "Expect: 100-continue", so that the refusal (decided on Content-Length) arrives
        // before the body is sent; without it the server still answers 413, but closes before the client has sent all.
        using var response = await Post("/api/dossiers/verify", new ByteArrayContent(new byte[FiftyMegabytes + 1]), expectContinue: true);
        response.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        (await Body(response)).GetProperty("title").GetString().ShouldBe("Fichier trop volumineux");
    }

    [Fact]
    public async Task a_chunked_yaml_body_over_one_megabyte_is_a_french_413()
    {
        // No Content-Length: the server only learns the size by reading, and stops at the limit.
        var yaml = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("# commentaire\n", 80_000)));
        var content = new StreamContent(new MemoryStream(yaml));
        content.Headers.ContentType = new("application/yaml");
        content.Headers.ContentLength = null;
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/referentials") { Content = content };
        request.Headers.TransferEncodingChunked = true;
        request.Headers.Authorization = new("Bearer", ServiceProcess.AdminToken);
        using var response = await server.App.Api.SendAsync(request, Ct);
        response.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        (await Body(response)).GetProperty("title").GetString().ShouldBe("Requête trop volumineuse");
    }
}
