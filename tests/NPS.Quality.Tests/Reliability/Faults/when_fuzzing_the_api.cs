using System.Net;
using System.Text;
using System.Text.Json;
using Alba;
using CsCheck;
using Marten;
using Microsoft.AspNetCore.Http;
using NPS.Quality.Tests.Infrastructure;
using NPS.Quality.Tests.Samples;
using Npgsql;
using Shouldly;

namespace NPS.Quality.Tests.Reliability.Faults;

/// <summary>
/// Property-based fuzzing (CsCheck) of every write endpoint, the CSV import and the query strings and route values of
/// the GET endpoints, about a thousand cases in all. Every case: no 5xx; every 4xx is a French ProblemDetails (a 400
/// names a field); a refused request writes nothing (the rows of every Marten table and of nps.delay_samples are
/// counted before and after). A failure prints the CsCheck seed that replays it.
/// </summary>
public sealed class when_fuzzing_the_api(AppFixture fixture) : IntegrationContext(fixture)
{
    /// <summary>Cases per test; the README's Reliability section quotes the total.</summary>
    public const int WriteCases = 600, ImportCases = 100, QueryCases = 250, RouteCases = 60;

    private static readonly HashSet<string> FrenchTitles =
    [
        "Requête invalide", "Introuvable", "Conflit", "Accès refusé", "Authentification requise", "Requête trop volumineuse",
        "Fichier trop volumineux", "Type de contenu non pris en charge", "Méthode non permise", "Format non disponible",
    ];

    private string _lead = "", _auditor = "", _auditId = "", _findingId = "", _actionId = "", _countSql = "";
    private readonly Dictionary<int, int> _statuses = new();

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        _lead = await TokenFor("quality_lead", "paris-11");
        _auditor = await TokenFor("auditor");
        await Scenario(_lead, s => { s.Post.Json(SampleHelpers.Waiting("S-0", 10)).ToUrl("/api/sites/paris-11/samples"); s.StatusCodeShouldBe(201); });
        _auditId = await Created(_auditor, "/api/sites/paris-11/audits",
            new { kind = "internal", type = "initial", plannedOn = "2017-10-16", auditors = new[] { "Anne Martin" }, scope = "accueil" });
        await Scenario(_auditor, s => { s.Post.Json(new { expectedVersion = 1 }).ToUrl($"/api/audits/{_auditId}/start"); s.StatusCodeShouldBe(200); });
        _findingId = await Created(_auditor, $"/api/audits/{_auditId}/findings",
            new { category = "PS", engagement = "ACC-01", statement = "Attente non affichée", evidence = new { text = "vu", sampleIds = Array.Empty<string>() }, expectedVersion = 2 });
        _actionId = await Created(_auditor, $"/api/audits/{_auditId}/findings/{_findingId}/actions",
            new { description = "Afficher l'attente", owner = "accueil", dueOn = "2018-01-31", expectedVersion = 3 });

        // Every table a write could touch (Marten documents and events, the samples table), dossier rendering excepted:
        // a dossier accepted by one case is rendered in the background and may land during a later one.
        await using var session = Store.QuerySession();
        var tables = await session.QueryAsync<string>(
            "select table_name from information_schema.tables where table_schema = 'nps' and (table_name like 'mt_doc_%' or table_name = 'delay_samples') and table_name not like 'mt_doc_dossier%'", Ct);
        _countSql = "select " + string.Join(" + ", tables.Select(t => $"(select count(*) from nps.{t})"))
                    + " + (select count(*) from nps.mt_events where stream_id not like 'dossier-%')";
    }

    private async Task<string> Created(string token, string url, object body)
    {
        var result = await Scenario(token, s => { s.Post.Json(body).ToUrl(url); s.StatusCodeShouldBe(201); });
        return JsonDocument.Parse(await result.ReadAsTextAsync()).RootElement.GetProperty("id").GetString()!;
    }

    private async Task<long> Rows()
    {
        await using var connection = new NpgsqlConnection(Environment.GetEnvironmentVariable("ConnectionStrings__Marten"));
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand(_countSql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(Ct));
    }

    /// <summary>Sends one case and checks the three promises.</summary>
    private async Task Check(string token, string label, Action<Scenario> send, bool write)
    {
        var before = write ? await Rows() : 0;
        var result = await Scenario(token, s => { send(s); s.IgnoreStatusCode(); });
        var status = result.Context.Response.StatusCode;
        lock (_statuses) _statuses[status] = _statuses.GetValueOrDefault(status) + 1;
        var text = await result.ReadAsTextAsync();
        status.ShouldBeLessThan(500, $"{label} → {status} {text}");
        if (status < 400) return;

        (result.Context.Response.ContentType ?? "").ShouldStartWith("application/problem+json", customMessage: label);
        var problem = JsonSerializer.Deserialize<ProblemAnswer>(text, JsonOptions)!;
        FrenchTitles.ShouldContain(problem.Title!, $"{label} → {status} {text}");
        if (status == 400)
            problem.Errors.ShouldNotBeNull($"{label} → {text}").ShouldNotBeEmpty(label);
        if (status == 400) problem.Errors!.ShouldAllBe(e => !string.IsNullOrWhiteSpace(e.Field), label);
        if (write) (await Rows()).ShouldBe(before, $"{label} → {status} wrote something");
    }

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    private static void PostJson(Scenario s, string url, string body)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        s.Post.Url(url);
        s.ConfigureHttpContext(c =>
        {
            c.Request.ContentType = "application/json";
            c.Request.ContentLength = bytes.Length;
            c.Request.Body = new MemoryStream(bytes);
        });
    }

    private sealed record WriteCase(string Who, string Url, string Body);

    private Gen<WriteCase> Writes()
    {
        var sample = Hostile.Object(("sampleId", "\"S-1\""), ("indicator", "\"ACC-01-ATTENTE\""), ("start", "\"2017-10-02T09:00:00+02:00\""),
            ("end", "\"2017-10-02T09:20:00+02:00\""), ("method", "\"file_attente\""), ("comment", "\"RAS\""));
        var version = ("expectedVersion", "4");
        var endpoints = new (string Who, string Url, Gen<string> Body)[]
        {
            ("admin", "/api/sites", Hostile.Object(("siteId", "\"paris-20\""), ("name", "\"Paris 20e\""), ("arrondissements", "[\"20\"]"),
                ("referential", "\"qualiparis-services-sociaux\""), ("version", "\"2018.1\""))),
            ("admin", "/api/sites/paris-11/referential", Hostile.Object(("referential", "\"qualiparis-services-sociaux\""), ("version", "\"2018.1\""), ("expectedVersion", "1"))),
            ("admin", "/api/users", Hostile.Object(("name", "\"Alice\""), ("role", "\"site_manager\""), ("siteId", "\"paris-11\""))),
            ("lead", "/api/sites/paris-11/samples", sample),
            ("lead", "/api/sites/paris-11/samples/batch", sample.Array[1, 4].Select(items => "[" + string.Join(',', items) + "]")),
            ("lead", "/api/sites/paris-11/samples/S-0/void", Hostile.Object(("reason", "\"saisie en double\""))),
            ("auditor", "/api/sites/paris-11/audits", Hostile.Object(("kind", "\"internal\""), ("type", "\"initial\""), ("plannedOn", "\"2017-11-16\""),
                ("auditors", "[\"Anne Martin\"]"), ("scope", "\"accueil\""))),
            ("auditor", $"/api/audits/{_auditId}/start", Hostile.Object(version)),
            ("auditor", $"/api/audits/{_auditId}/conclude", Hostile.Object(("conclusion", "\"favorable\""), ("statement", "\"bien\""), version)),
            ("auditor", $"/api/audits/{_auditId}/close", Hostile.Object(version)),
            ("auditor", $"/api/audits/{_auditId}/findings", Hostile.Object(("category", "\"PS\""), ("engagement", "\"ACC-01\""), ("statement", "\"constat\""),
                ("evidence", "{\"text\":\"vu\",\"sampleIds\":[\"S-0\"]}"), version)),
            ("auditor", $"/api/audits/{_auditId}/findings/{_findingId}/reword", Hostile.Object(("statement", "\"mieux dit\""), ("reason", "\"clarté\""), version)),
            ("auditor", $"/api/audits/{_auditId}/findings/{_findingId}/withdraw", Hostile.Object(("reason", "\"erreur\""), version)),
            ("auditor", $"/api/audits/{_auditId}/findings/{_findingId}/close", Hostile.Object(version)),
            ("auditor", $"/api/audits/{_auditId}/findings/{_findingId}/actions", Hostile.Object(("description", "\"faire\""), ("owner", "\"accueil\""),
                ("dueOn", "\"2018-02-28\""), version)),
            ("auditor", $"/api/audits/{_auditId}/findings/{_findingId}/actions/{_actionId}/complete", Hostile.Object(("proof", "\"affiche posée\""), version)),
            ("auditor", "/api/sites/paris-11/dossiers", Hostile.Object(("kind", "\"internal\""), ("from", "\"2017-10-01\""), ("to", "\"2017-10-31\""),
                ("auditId", $"\"{_auditId}\""), ("asOf", "\"2017-11-01T00:00:00+01:00\""))),
        };
        return from index in Gen.Int[0, endpoints.Length - 1]
               from whole in Gen.Int[0, 9]
               from body in whole == 0 ? Hostile.WholeBody : endpoints[index].Body
               select new WriteCase(endpoints[index].Who, endpoints[index].Url, body);
    }

    private string Token(string who) => who switch { "admin" => AppFixture.AdminToken, "lead" => _lead, _ => _auditor };

    private static string Short(string text) => text.Length > 300 ? text[..300] + $"… ({text.Length} caractères)" : text;

    [Fact]
    public async Task every_write_endpoint_answers_hostile_bodies_without_5xx_in_french_and_writes_nothing_when_it_refuses()
    {
        await Writes().SampleAsync(c => Check(Token(c.Who), $"POST {c.Url} {Short(c.Body)}", s => PostJson(s, c.Url, c.Body), write: true),
            iter: WriteCases, threads: 1, print: c => $"POST {c.Url} {Short(c.Body)}");
        TestContext.Current.TestOutputHelper?.WriteLine("statuts : " + string.Join(", ", _statuses.OrderBy(p => p.Key).Select(p => $"{p.Key}×{p.Value}")));
    }

    private static readonly Gen<string> Cell = Gen.Frequency(
        (4, Gen.OneOf("S-9", "ACC-01-ATTENTE", "02/10/2017 09:00", "02/10/2017 09:20", "file_attente", "", "RDV-01-DELAI", "02/10/2017")),
        (2, Hostile.Text.Select(t => t.Length > 2_000 ? t[..2_000] : t)),
        (1, Gen.OneOf("\"", "\"a;b\"", "\"multi\nligne\"", "a\"b", ";;;;", "\u0000", "01/01/0001 00:00", "31/12/9999 23:59", "25/03/2018 02:30")));

    private static readonly Gen<string> Csv =
        from header in Gen.Frequency((6, Gen.Const(SampleHelpers.Header)), (1, Gen.OneOf("", "identifiant;identifiant;indicateur;debut;fin",
            "identifiant;indicateur;debut", "\u0000;indicateur;debut;fin", "IDENTIFIANT ; Indicateur ; Début ; Fin", "a,b,c,d")))
        from rows in Cell.Array[6].Array[0, 6]
        from separator in Gen.OneOf("\n", "\r\n", "\r")
        select header + separator + string.Join(separator, rows.Select(r => string.Join(';', r)));

    [Fact]
    public async Task the_csv_import_answers_hostile_files_without_5xx_in_french_and_writes_nothing_when_it_refuses()
        => await Csv.SampleAsync(csv => Check(_lead, $"import {Short(csv)}", s => s.PostCsv("/api/sites/paris-11/samples/import", csv), write: true),
            iter: ImportCases, threads: 1, print: Short);

    private static readonly Gen<string> QueryValue = Gen.Frequency(
        (3, Gen.OneOf("2017-10-01", "2017-10-31", "2018.1", "2017.1", "1", "50", "true", "ACC-01-ATTENTE", "file_attente,auto_mesure",
            "2017-11-01T00:00:00+01:00")),
        (1, Gen.OneOf("0", "-1", "2147483647", "2147483648", "-2147483648", "99999999999999999999", "1e3", "0x10", " 1", "")),
        (3, Hostile.Text.Select(t => t.Length > 3_000 ? t[..3_000] : t)));

    [Fact]
    public async Task every_query_string_answers_hostile_values_without_5xx_and_in_french()
    {
        var queries = new (string Url, string[] Parameters)[]
        {
            ("/api/sites/paris-11/samples", ["indicator", "from", "to", "page", "pageSize"]),
            ("/api/sites/paris-11/history", ["page", "pageSize"]),
            ("/api/sites/paris-11/compliance", ["from", "to", "asOf", "methods"]),
            ("/api/compliance", ["from", "to"]),
            ("/api/actions", ["overdue"]),
            ("/api/referentials/qualiparis-services-sociaux/diff", ["from", "to"]),
            ("/api/sites/paris-11/audits", ["page"]),
            ("/api/sites/paris-11/dossiers", ["page"]),
            ("/api/sites", ["page"]),
            ("/api/users", ["page"]),
        };
        var gen = from index in Gen.Int[0, queries.Length - 1]
                  from values in QueryValue.Array[queries[index].Parameters.Length]
                  from present in Gen.Bool.Array[queries[index].Parameters.Length]
                  select queries[index].Url + "?" + string.Join('&', queries[index].Parameters
                      .Select((p, i) => present[i] ? $"{p}={Hostile.Escape(values[i])}" : null).OfType<string>());
        await gen.SampleAsync(url => Check(AppFixture.AdminToken, $"GET {Short(url)}", s => s.Get.Url(url), write: false),
            iter: QueryCases, threads: 1, print: Short);
    }

    [Fact]
    public async Task every_route_value_answers_hostile_text_without_5xx_and_in_french()
    {
        var routes = new[] { "/api/sites/{0}", "/api/sites/{0}/samples", "/api/sites/{0}/compliance", "/api/audits/{0}", "/api/dossiers/{0}",
            "/api/referentials/{0}/2018.1", "/api/referentials/qualiparis-services-sociaux/{0}" };
        var gen = from route in Gen.OneOf(routes)
                  from value in Hostile.Text.Where(t => t.Length is > 0 and < 2_000 && !t.Contains('/') && t.Trim().Length > 0)
                  // Kestrel decodes a path as UTF-8: an unpaired surrogate arrives as U+FFFD.
                  select (route, value: new string(value.Select(ch => char.IsSurrogate(ch) ? '\ufffd' : ch).ToArray()));
        await gen.SampleAsync(c => Check(AppFixture.AdminToken, $"GET {c.route} ← {Short(c.value)}", s =>
            {
                s.Get.Url("/api/sites");
                s.ConfigureHttpContext(h => h.Request.Path = new PathString(string.Format(c.route, c.value)));
            }, write: false),
            iter: RouteCases, threads: 1, print: c => $"{c.route} ← {Short(c.value)}");
    }
}
