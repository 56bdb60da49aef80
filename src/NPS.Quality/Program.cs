using System.Text.Json;
using System.Text.Json.Serialization;
using JasperFx;
using JasperFx.CodeGeneration;
using JasperFx.Events;
using JasperFx.Events.Projections;
using Marten;
using NPS.Quality.Access;
using NPS.Quality.Audits;
using NPS.Quality.Dossiers;
using NPS.Quality.Infrastructure;
using NPS.Quality.Programmes;
using NPS.Quality.Referentials;
using NPS.Quality.Reminders;
using NPS.Quality.Samples;
using NPS.Quality.Sites;
using NPS.Quality.Web;
using Weasel.Core;
using Wolverine;
using Wolverine.ErrorHandling;
using Wolverine.Http;
using Wolverine.Marten;

var builder = WebApplication.CreateBuilder(args);

builder.Services.AddOpenApi(o => o.AddDocumentTransformer<FrenchOpenApi>());
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = FrenchProblems.Customize);
builder.Services.AddExceptionHandler<ConflictExceptionHandler>();
builder.Services.ConfigureHttpJsonOptions(o => JsonDefaults.Configure(o.SerializerOptions));
builder.Services.AddMemoryCache();
// Several nodes: the keys that seal the session cookie and the antiforgery tokens live in the shared database.
builder.Services.AddSharedDataProtection();
builder.Services.Configure<PilotSitesOptions>(builder.Configuration.GetSection("PilotSites"));
builder.Services.AddSingleton(ReferentialDirectory.From(builder.Configuration, builder.Environment));
builder.Services.AddSingleton<ReferentialCatalog>();
builder.Services.AddSingleton<ReferenceDataSeeder>();
builder.Services.AddNpsAccess(builder.Configuration);
builder.Services.AddNpsWeb();
builder.Services.AddSingleton<ISiteLabels, AuditSiteLabels>();
builder.Services.AddSingleton<IKnownSites, KnownSites>();
builder.Services.Configure<AuditOptions>(builder.Configuration.GetSection(AuditOptions.Section));
// Both dossier templates are read and checked now: a bad one stops the start with every error.
builder.Services.AddSingleton(DossierTemplates.Load(DossierTemplates.DirectoryFrom(builder.Configuration, builder.Environment)));

var connectionString = builder.Configuration.GetConnectionString("Marten")
    ?? throw new InvalidOperationException(
        "ConnectionStrings:Marten is not set. Start the service with ./build.sh --target=Run, " +
        "or set ConnectionStrings__Marten to a PostgreSQL server.");

builder.Services.AddMarten(sp =>
    {
        var opts = new StoreOptions();
        opts.Connection(connectionString);
        opts.DatabaseSchemaName = "nps";
        opts.UseSystemTextJsonForSerialization(EnumStorage.AsString, Casing.CamelCase);
        opts.Events.TimeProvider = sp.GetRequiredService<TimeProvider>();

        // Site ids are readable slugs ("paris-11"); every stream is keyed by a string.
        opts.Events.StreamIdentity = StreamIdentity.AsString;
        opts.Events.MetadataConfig.UserNameEnabled = true;
        opts.Events.MetadataConfig.CorrelationIdEnabled = true;
        opts.Events.MetadataConfig.CausationIdEnabled = true;

        opts.Projections.Snapshot<PublishedReferential>(SnapshotLifecycle.Inline);
        opts.Projections.Snapshot<Site>(SnapshotLifecycle.Inline);
        opts.Projections.Snapshot<Audit>(SnapshotLifecycle.Inline);
        opts.Projections.Add(new DelaySamplesProjection(), ProjectionLifecycle.Inline);
        opts.Projections.Snapshot<Dossier>(SnapshotLifecycle.Inline);
        opts.Schema.For<Dossier>().Index(x => x.Sha256!);
        // The overview, the site page and the labels read a site's audits: 3 of 2,400 in a network, not a scan of all.
        opts.Schema.For<Audit>().Index(x => x.SiteId);
        opts.Schema.For<DossierPdf>().Identity(x => x.Id);
        opts.Schema.For<ReferentialMappingDocument>().Identity(x => x.Id);
        opts.ConfigureAccess();
        opts.ConfigureProgrammes();
        opts.ConfigureReminders();
        return opts;
    })
    .UseLightweightSessions()
    .IntegrateWithWolverine();

builder.Host.UseWolverine(opts =>
{
    // Without this Wolverine scans the entry assembly, which is the test runner under Alba.
    opts.ApplicationAssembly = typeof(Program).Assembly;
    opts.Policies.AutoApplyTransactions();
    opts.EnableRelayOfUserName = true;
    // Two identical writes at the same instant (a retried import, a double click) both pass the stored-ids check and
    // one hits the samples table's key at commit: run it once more, when it sorts the rows out against what is now
    // stored (identical → duplicates, 200; other content → the 409 that names the ids).
    // Marten wraps the PostgresException: look down the inner exceptions.
    opts.OnException(e => StoreFailures.IsUniqueViolation(e)).RetryOnce();
    opts.CodeGeneration.TypeLoadMode = TypeLoadMode.Dynamic;
    opts.UseRuntimeCompilation();

    // Dossier rendering: a durable local queue (envelopes in PostgreSQL through Marten), fed through the outbox.
    opts.PublishMessage<RenderDossier>().ToLocalQueue("dossiers").UseDurableInbox().MaximumParallelMessages(2);
    // Audit programmes: the audits a programme plans; reminders: the weekly digest, scheduled durably.
    opts.ConfigureProgrammes();
    opts.ConfigureReminders();

    // Several nodes on one database (issue 17). Balanced mode: the nodes elect a leader (a PostgreSQL advisory lock), every
    // node writes a heartbeat to the node table, and the leader ejects a node whose heartbeat is too old, which releases the
    // envelopes it owned (a dossier accepted by a killed node) to the nodes still alive. Wolverine's defaults take ~70–80 s
    // for that (issue 11, and issue 17 measured 74 s): StaleNodeTimeout 1 min + two health checks 10 s apart. Here:
    // - HealthCheckPollingTime 1 s (default 10 s): each node writes its heartbeat and the leader evaluates the nodes every
    //   second. Cost: per node, one heartbeat UPDATE and one read of the node tables (a few rows) per second.
    // - StaleNodeTimeout 5 s (default 1 min): a node silent for 5 s is stale; the leader ejects it at the
    //   StaleNodeEjectionThreshold-th (default and minimum 2) consecutive check that sees it stale. Cost: a node that
    //   stalls more than ~5 s (a long GC pause, a starved CPU) is ejected although alive; it re-registers at its next
    //   heartbeat, but the envelopes it held were released meanwhile and may be handled by another node too — which is
    //   why the dossier handler skips a dossier that is no longer pending.
    // - ScheduledJobPollingTime and OrphanedMessageSweepPollingTime 1 s (default 5 s): the durability agent's recovery pass
    //   (released inbox envelopes, due scheduled messages) and the sweep that releases the envelopes of nodes that no longer
    //   exist run every second. Cost: one small batch of queries per second per node on the envelope tables (indexed by owner).
    // - ScheduledJobFirstExecution 0: after a restart, the recovery pass runs at once instead of after a random 0.5–5 s.
    // Expected recovery after a kill -9: ~5 s stale + 1–2 s ejection + ≤ 1 s recovery + rendering; measured in the bench
    // (build/bench.sh --network) and printed by the two-node test (tests/NPS.Quality.Browser.Tests/Reliability).
    // A single node restarted after a crash comes back under a new node id: its previous life is ejected the same way.
    opts.Durability.Mode = DurabilityMode.Balanced;
    opts.Durability.HealthCheckPollingTime = TimeSpan.FromSeconds(1);
    opts.Durability.FirstHealthCheckExecution = TimeSpan.FromSeconds(1);
    opts.Durability.StaleNodeTimeout = TimeSpan.FromSeconds(5);
    opts.Durability.ScheduledJobFirstExecution = TimeSpan.Zero;
    opts.Durability.ScheduledJobPollingTime = TimeSpan.FromSeconds(1);
    opts.Durability.OrphanedMessageSweepPollingTime = TimeSpan.FromSeconds(1);
    opts.Durability.NodeReassignmentPollingTime = TimeSpan.FromSeconds(1);

    // Test-only: the reliability suite holds each rendering so that it can kill the process with a dossier still queued.
    if (builder.Configuration.GetValue<int?>("Testing:HoldDossierRenderingSeconds") is > 0 and var hold)
    {
        HoldDossierRendering.Hold = TimeSpan.FromSeconds(hold);
        opts.Policies.AddMiddleware(typeof(HoldDossierRendering), chain => chain.MessageType == typeof(RenderDossier));
    }
});

builder.Services.AddWolverineHttp();
// After UseWolverine: reference data is seeded through the commands, so Wolverine's runtime must have started first.
builder.Services.AddHostedService<ReferenceDataStartup>();
builder.Services.AddNpsReminders(builder.Configuration);

var app = builder.Build();

app.UseNpsSecurityHeaders();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseQueryGuard();
app.UseNpsWeb();
// Explicit, after the status-code pages, so that their re-execution is routed again.
app.UseRouting();
app.UseAuthentication();
app.UseAuthorization();

app.MapOpenApi().AllowAnonymous();
app.MapHealth();
app.MapNpsWeb();
app.MapWolverineEndpoints(opts =>
{
    opts.RequireAuthorizeOnAll();
    opts.RejectUnparseableQueryValues = true;
    opts.AddPolicy<BodyGuardPolicy>();
});

return await app.RunJasperFxCommands(args);

public partial class Program;

/// <summary>Test-only middleware (<c>Testing:HoldDossierRenderingSeconds</c>): waits before each rendering.</summary>
public static class HoldDossierRendering
{
    public static TimeSpan Hold { get; set; }

    public static Task BeforeAsync(CancellationToken ct) => Task.Delay(Hold, ct);
}
