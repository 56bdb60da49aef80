using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace NPS.Quality.Browser.Tests.Reliability;

/// <summary>
/// kill -9 while a 100,000-row import is being handled: the import is one transaction, so after the restart the site
/// holds either none of its samples or all of them, never a part; sending the same file again then leaves exactly
/// 100,000. The kill lands once the whole file has left the client (the service is reading, checking or committing it).
/// </summary>
public sealed class when_the_service_is_killed_during_an_import
{
    private const int Rows = 100_000;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private sealed record Created(string Id, string Token);
    private sealed record Page(int Total);
    private sealed record Recording(int Accepted, int Duplicates);

    private static byte[] File()
    {
        var csv = new StringBuilder("identifiant;indicateur;debut;fin;methode;commentaire\n");
        for (var i = 0; i < Rows; i++)
        {
            var day = 2 + i % 20;
            csv.Append($"K{i:000000};ACC-01-ATTENTE;{day:00}/10/2017 09:00;{day:00}/10/2017 09:{10 + i % 40:00};file_attente;\n");
        }
        return Encoding.UTF8.GetBytes(csv.ToString());
    }

    /// <summary>The body, telling when its last byte was handed to the connection.</summary>
    private sealed class SignallingContent(byte[] bytes) : HttpContent
    {
        public TaskCompletionSource Sent { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            await stream.WriteAsync(bytes, Ct);
            await stream.FlushAsync(Ct);
            Sent.TrySetResult();
        }

        protected override bool TryComputeLength(out long length)
        {
            length = bytes.Length;
            return true;
        }
    }

    private static async Task<int> Count(ServiceProcess app, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/sites/paris-11/samples?pageSize=1");
        request.Headers.Authorization = new("Bearer", token);
        using var response = await app.Api.SendAsync(request, Ct);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return (await response.Content.ReadFromJsonAsync<Page>(Json, Ct))!.Total;
    }

    private static HttpRequestMessage Import(string token, HttpContent content)
    {
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/sites/paris-11/samples/import") { Content = content };
        request.Headers.Authorization = new("Bearer", token);
        return request;
    }

    [Fact]
    public async Task the_import_is_all_or_nothing_and_sending_it_again_gives_every_row_once()
    {
        await using var app = await ServiceProcess.CreateAsync("nps_import_kill");
        await app.StartAsync();
        using var userRequest = new HttpRequestMessage(HttpMethod.Post, "/api/users")
        {
            Content = JsonContent.Create(new { name = "Léa", role = "quality_lead", siteId = "paris-11" }),
        };
        userRequest.Headers.Authorization = new("Bearer", ServiceProcess.AdminToken);
        using var userResponse = await app.Api.SendAsync(userRequest, Ct);
        userResponse.StatusCode.ShouldBe(HttpStatusCode.Created);
        var lead = (await userResponse.Content.ReadFromJsonAsync<Created>(Json, Ct))!.Token;
        var file = File();

        var body = new SignallingContent(file);
        using var import = Import(lead, body);
        var sending = app.Api.SendAsync(import, Ct);
        await Task.WhenAny(body.Sent.Task, sending);
        await app.KillAsync();
        try { using var _ = await sending; } catch (HttpRequestException) { } catch (TaskCanceledException) { }

        var restart = Stopwatch.StartNew();
        await app.StartAsync();
        var answering = restart.Elapsed;
        var afterCrash = await Count(app, lead);
        afterCrash.ShouldBeOneOf(0, Rows);

        using var again = Import(lead, new ByteArrayContent(file));
        using var answer = await app.Api.SendAsync(again, Ct);
        answer.StatusCode.ShouldBe(HttpStatusCode.OK, await answer.Content.ReadAsStringAsync(Ct));
        var recording = (await answer.Content.ReadFromJsonAsync<Recording>(Json, Ct))!;
        (recording.Accepted + recording.Duplicates).ShouldBe(Rows);
        recording.Duplicates.ShouldBe(afterCrash);
        (await Count(app, lead)).ShouldBe(Rows);

        var line = $"kill -9 during a {Rows:N0}-row import: {afterCrash:N0} samples after the restart (all or nothing), service answering " +
                   $"{answering.TotalSeconds:0.0} s after it was started again; the same file again: {recording.Accepted:N0} accepted, {recording.Duplicates:N0} duplicates.";
        TestContext.Current.TestOutputHelper?.WriteLine(line);
        Console.WriteLine("MEASURED " + line);
    }
}
