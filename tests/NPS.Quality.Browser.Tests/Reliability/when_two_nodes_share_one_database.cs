using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Npgsql;
using NPS.Quality.Tests.Reminders;

namespace NPS.Quality.Browser.Tests.Reliability;

/// <summary>
/// Two processes of the service on one PostgreSQL database (Wolverine's Balanced mode: leader election, heartbeats, a dead
/// node's envelopes released to the living ones). Each test waits on the service's own signals (a dossier's status, the
/// node tables), never on a clock; the safety nets only keep a wedged run from hanging CI. Recovery times are printed.
/// </summary>
public sealed partial class when_two_nodes_share_one_database
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly TimeSpan SafetyNet = TimeSpan.FromMinutes(3);

    private static Task<string> Request(ServiceProcess node, string site) => node.RequestDossierAsync(site, "afnor", Ct);

    private static Task<string> StatusOf(ServiceProcess node, string dossierId) => node.DossierStatusAsync(dossierId, Ct);

    /// <summary>
    /// Reads <paramref name="read"/> again until <paramref name="done"/> says the service's signal is there; returns the last
    /// reading, which the caller asserts (past the safety net, the test fails on that reading, never hangs).
    /// </summary>
    private static async Task<T> Until<T>(Func<Task<T>> read, Func<T, bool> done)
    {
        var giveUp = DateTime.UtcNow + SafetyNet;
        T value;
        while (!done(value = await read()) && DateTime.UtcNow < giveUp) await Task.Delay(100, Ct);
        return value;
    }

    /// <summary>Waits until the dossier is no longer pending, as the given node answers; returns its status.</summary>
    private static Task<string> Settled(ServiceProcess node, string dossierId)
        => Until(() => StatusOf(node, dossierId), status => status != "pending");

    /// <summary>How many times the dossier was rendered: its <c>DossierRendered</c> events in the store.</summary>
    private static async Task<long> Renderings(ServiceProcess node, string dossierId)
    {
        await using var connection = new NpgsqlConnection(node.DatabaseConnection);
        await connection.OpenAsync(Ct);
        await using var count = new NpgsqlCommand("select count(*) from nps.mt_events where stream_id = @id and type = 'dossier_rendered'", connection);
        count.Parameters.AddWithValue("id", dossierId);
        return (long)(await count.ExecuteScalarAsync(Ct))!;
    }

    /// <summary>The live nodes (Wolverine's node table) and which node runs each agent (its assignment table).</summary>
    private static async Task<(List<Guid> Nodes, List<(string Agent, Guid Node)> Assignments)> Cluster(ServiceProcess node)
    {
        await using var connection = new NpgsqlConnection(node.DatabaseConnection);
        await connection.OpenAsync(Ct);
        await using var schemaQuery = new NpgsqlCommand(
            "select table_schema from information_schema.tables where table_name = 'wolverine_nodes' limit 1", connection);
        var schema = (string)(await schemaQuery.ExecuteScalarAsync(Ct))!;
        var nodes = new List<Guid>();
        await using (var read = new NpgsqlCommand($"select id from {schema}.wolverine_nodes", connection))
        await using (var reader = await read.ExecuteReaderAsync(Ct))
            while (await reader.ReadAsync(Ct)) nodes.Add(reader.GetGuid(0));
        var assignments = new List<(string, Guid)>();
        await using (var read = new NpgsqlCommand($"select id, node_id from {schema}.wolverine_node_assignments", connection))
        await using (var reader = await read.ExecuteReaderAsync(Ct))
            while (await reader.ReadAsync(Ct)) assignments.Add((reader.GetString(0), reader.GetGuid(1)));
        return (nodes, assignments);
    }

    [Fact]
    public async Task each_dossier_is_rendered_exactly_once_and_the_leader_runs_the_singletons()
    {
        await using var a = await ServiceProcess.CreateAsync("nps_nodes");
        await a.StartAsync();
        await using var b = a.AnotherNode();
        await b.StartAsync();

        // Requested alternately on both nodes; each node renders what it accepted (its durable local queue).
        var sites = new[] { "paris-11", "paris-14", "paris-18" };
        var dossiers = new List<string>();
        for (var i = 0; i < 12; i++) dossiers.Add(await Request(i % 2 == 0 ? a : b, sites[i % sites.Length]));
        for (var i = 0; i < dossiers.Count; i++)
        {
            (await Settled(i % 2 == 0 ? b : a, dossiers[i])).ShouldBe("ready", a.Log + b.Log);
            (await Renderings(a, dossiers[i])).ShouldBe(1);
        }

        // Both nodes are registered; once a leader is elected, it alone holds the leader agent and the database's
        // durability agent (recovery of released envelopes, scheduled messages).
        var cluster = await Until(() => Cluster(a), c => c.Nodes.Count >= 2
            && c.Assignments.Any(x => x.Agent.StartsWith("wolverine://leader", StringComparison.Ordinal))
            && c.Assignments.Any(x => x.Agent.StartsWith("wolverinedb://", StringComparison.Ordinal)));
        cluster.Nodes.Count.ShouldBe(2, string.Join(", ", cluster.Assignments));
        var leader = cluster.Assignments.Where(x => x.Agent.StartsWith("wolverine://leader", StringComparison.Ordinal)).ShouldHaveSingleItem().Node;
        cluster.Nodes.ShouldContain(leader);
        cluster.Assignments.Where(x => x.Agent.StartsWith("wolverinedb://", StringComparison.Ordinal)).ShouldAllBe(x => x.Node == leader);
        TestContext.Current.TestOutputHelper?.WriteLine($"Assignments: {string.Join(", ", cluster.Assignments)}");
    }

    [GeneratedRegex("name=\"__csrf\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex CsrfField();

    private static string Cookies(HttpResponseMessage response, string before = "")
    {
        var jar = before.Split("; ", StringSplitOptions.RemoveEmptyEntries).ToDictionary(c => c[..c.IndexOf('=')], c => c);
        foreach (var set in response.Headers.TryGetValues("Set-Cookie", out var values) ? values : [])
        {
            var pair = set.Split(';')[0];
            jar[pair[..pair.IndexOf('=')]] = pair;
        }
        return string.Join("; ", jar.Values);
    }

    [Fact]
    public async Task a_person_signed_in_on_one_node_is_signed_in_on_the_other()
    {
        // Each node with a home of its own: nothing shared on disk, only the database (as on two machines).
        await using var a = await ServiceProcess.CreateAsync("nps_cookie");
        await a.StartAsync(new Dictionary<string, string> { ["HOME"] = Directory.CreateTempSubdirectory("nps-node-a").FullName });
        await using var b = a.AnotherNode();
        await b.StartAsync(new Dictionary<string, string> { ["HOME"] = Directory.CreateTempSubdirectory("nps-node-b").FullName });
        using var browserA = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = new Uri(a.BaseUrl) };
        using var browserB = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = new Uri(b.BaseUrl) };

        using var form = await browserA.GetAsync("/connexion", Ct);
        var cookies = Cookies(form);
        var csrf = CsrfField().Match(await form.Content.ReadAsStringAsync(Ct)).Groups[1].Value;
        using var signIn = new HttpRequestMessage(HttpMethod.Post, "/connexion")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["jeton"] = ServiceProcess.AdminToken, ["__csrf"] = csrf }),
        };
        signIn.Headers.Add("Cookie", cookies);
        using var signedIn = await browserA.SendAsync(signIn, Ct);
        signedIn.StatusCode.ShouldBe(HttpStatusCode.Found, await signedIn.Content.ReadAsStringAsync(Ct));
        cookies = Cookies(signedIn, cookies);

        // The cookie sealed by node A opens node B's pages (and B's antiforgery token then works on A).
        using var overview = new HttpRequestMessage(HttpMethod.Get, "/");
        overview.Headers.Add("Cookie", cookies);
        using var onB = await browserB.SendAsync(overview, Ct);
        onB.StatusCode.ShouldBe(HttpStatusCode.OK, b.Log);
        (await onB.Content.ReadAsStringAsync(Ct)).ShouldContain("paris-18");
    }

    [Fact]
    public async Task a_dossier_accepted_by_a_killed_node_is_rendered_by_the_other()
    {
        await using var a = await ServiceProcess.CreateAsync("nps_failover");
        // Every rendering on node A waits 10 minutes: whatever A accepts is still queued when it is killed.
        await a.StartAsync(new Dictionary<string, string> { ["Testing__HoldDossierRenderingSeconds"] = "600" });
        await using var b = a.AnotherNode();
        await b.StartAsync();

        // The node that joined takes its share: what it accepts, it renders, while A renders nothing.
        var onB = await Request(b, "paris-14");
        (await Settled(b, onB)).ShouldBe("ready", b.Log);

        var onA = await Request(a, "paris-11");
        (await StatusOf(a, onA)).ShouldBe("pending");

        await a.KillAsync();
        var killed = Stopwatch.StartNew();
        var status = await Settled(b, onA);
        var recovered = killed.Elapsed;

        status.ShouldBe("ready", b.Log);
        (await Renderings(b, onA)).ShouldBe(1);
        (await Renderings(b, onB)).ShouldBe(1);
        TestContext.Current.TestOutputHelper?.WriteLine($"Node A killed (SIGKILL) after the 202: node B rendered the dossier {recovered.TotalSeconds:0.0} s later.");
        Console.WriteLine($"MEASURED failover: dossier ready on node B {recovered.TotalSeconds:0.0} s after node A was killed");
    }

    /// <summary>A quality lead of the site who wants the samples reminder at this address; made through the API.</summary>
    private static async Task LeadWithRemindersAsync(ServiceProcess node, string siteId, string email)
    {
        using var created = await node.AsAdminAsync(HttpMethod.Post, "/api/users", new { name = $"lead-{Guid.NewGuid():N}"[..20], role = "quality_lead", siteId }, Ct);
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync(Ct));
        var token = JsonDocument.Parse(await created.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("token").GetString()!;
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/me/reminders")
        {
            Content = JsonContent.Create(new { email, reminders = new[] { "samples" }, expectedVersion = 1 }),
        };
        request.Headers.Authorization = new("Bearer", token);
        using var chosen = await node.Api.SendAsync(request, Ct);
        chosen.StatusCode.ShouldBe(HttpStatusCode.OK, await chosen.Content.ReadAsStringAsync(Ct));
    }

    private static async Task<long> CountAsync(ServiceProcess node, string sql)
    {
        await using var connection = new NpgsqlConnection(node.DatabaseConnection);
        await connection.OpenAsync(Ct);
        await using var count = new NpgsqlCommand(sql, connection);
        return (long)(await count.ExecuteScalarAsync(Ct))!;
    }

    [Fact]
    public async Task the_weekly_digest_goes_out_once_though_every_node_schedules_it()
    {
        await using var smtp = await SmtpSink.StartAsync(Ct);
        // The week's digest leaves on Monday at midnight: whatever the day the test runs, that instant has passed, so each
        // node schedules the current week's run for right now when it starts.
        Dictionary<string, string> Settings(bool schedule) => new()
        {
            ["Reminders__Smtp__Host"] = "127.0.0.1", ["Reminders__Smtp__Port"] = smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Reminders__Smtp__Tls"] = "none", ["Reminders__Day"] = "Monday", ["Reminders__Hour"] = "0",
            ["Reminders__Schedule"] = schedule ? "true" : "false", ["Logging__LogLevel__NPS.Quality.Reminders"] = "Information",
        };

        // Two quality leads who want to hear about missing samples (no pilot site has any this month).
        await using var a = await ServiceProcess.CreateAsync("nps_digest");
        await a.StartAsync(Settings(schedule: false));
        await LeadWithRemindersAsync(a, "paris-11", "lead.onze@nps.test");
        await LeadWithRemindersAsync(a, "paris-14", "lead.quatorze@nps.test");
        await a.KillAsync();

        // Both nodes start and each schedules the week's run.
        await a.StartAsync(Settings(schedule: true));
        await using var b = a.AnotherNode();
        await b.StartAsync(Settings(schedule: true));

        // The service's own signal: both copies were handled, one ran the week, the other found it done.
        int Ran() => Regex.Count(a.Log + b.Log, "Résumé hebdomadaire \\S+ distribué :");
        int Skipped() => Regex.Count(a.Log + b.Log, "Résumé hebdomadaire \\S+ déjà distribué");
        await Until(() => Task.FromResult(Ran() + Skipped() >= 2 && smtp.Messages().Count >= 2), handled => handled);

        Ran().ShouldBe(1, a.Log + b.Log);
        Skipped().ShouldBe(1, a.Log + b.Log);
        smtp.Messages().Select(m => m.To.Mailboxes.Single().Address).ShouldBe(["lead.onze@nps.test", "lead.quatorze@nps.test"], ignoreOrder: true);
        (await CountAsync(a, "select count(*) from nps.mt_doc_digestrun")).ShouldBe(1);
        (await CountAsync(a, "select count(*) from nps.mt_doc_digestdelivery where data->>'sentAt' is not null")).ShouldBe(2);
    }
}
