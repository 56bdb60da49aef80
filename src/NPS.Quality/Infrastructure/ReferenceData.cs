using Marten;
using Microsoft.Extensions.Options;
using NPS.Quality.Access;
using NPS.Quality.Referentials;
using NPS.Quality.Samples;
using NPS.Quality.Shared;
using NPS.Quality.Sites;
using Wolverine;

namespace NPS.Quality.Infrastructure;

public sealed class PilotSitesOptions
{
    public List<PilotSite> Sites { get; set; } = [];
}

public sealed class PilotSite
{
    public string Id { get; set; } = "";
    public string Name { get; set; } = "";
    public List<string> Arrondissements { get; set; } = [];
    public string Referential { get; set; } = "";
    public string Version { get; set; } = "";
}

/// <summary>
/// What the service needs before its first request: the referential files published (all valid or the start
/// stops), the pilot sites registered, and an administrator. Every step is idempotent.
/// </summary>
public sealed class ReferenceDataSeeder(
    IDocumentStore store,
    IServiceScopeFactory scopes,
    ReferentialDirectory directory,
    IOptions<PilotSitesOptions> pilots,
    UserAdministration users,
    ILogger<ReferenceDataSeeder> logger)
{
    public async Task SeedAsync(CancellationToken ct)
    {
        var (files, errors) = ReferentialFiles.Load(directory.Path);
        if (files is null)
            throw new InvalidOperationException(
                $"Référentiels invalides dans {directory.Path} : rien n'a été chargé.{Environment.NewLine}" + string.Join(Environment.NewLine, errors));

        // The same commands an administrator sends, as the "system" user.
        using var scope = scopes.CreateScope();
        var bus = scope.ServiceProvider.GetRequiredService<IMessageContext>();
        bus.UserName = "system";
        foreach (var (definition, yaml) in files.Versions)
        {
            var published = await bus.SendAsync<ReferentialSummary>(new PublishReferential(yaml, $"referentials/{definition.Id}/{definition.Version}.yaml"), ct);
            if (published.Status == StatusCodes.Status409Conflict)
                throw new InvalidOperationException(
                    $"referentials/{definition.Id}/{definition.Version}.yaml diffère de la version déjà publiée : une version publiée est immuable, publiez-en une nouvelle.");
            if (!published.Succeeded) throw new InvalidOperationException(published.Sentence);
            if (published.Status == StatusCodes.Status201Created) logger.LogInformation("Référentiel publié : {Id} {Version}", definition.Id, definition.Version);
        }

        // The store exists now: its events' JSON compressed with lz4 where the server has it.
        await EventCompression.UseLz4Async(store, logger, ct);

        // Every published version's thresholds in the samples' monthly counts (new ones counted from the stored samples).
        await using (var query = store.QuerySession())
            await DelaySampleCounts.EnsureThresholdsAsync(store, (await query.Query<PublishedReferential>().ToListAsync(ct)).Select(p => p.Definition), ct);

        // Mappings are reference documents, not events: there is no command for them (they ship with the referential files).
        await using (var session = store.LightweightSession())
        {
            foreach (var mapping in files.Mappings)
                session.Store(new ReferentialMappingDocument { Id = ReferentialMapping.Key(mapping.Referential, mapping.From, mapping.To), Mapping = mapping });
            await session.SaveChangesAsync(ct);
        }

        foreach (var pilot in pilots.Value.Sites)
        {
            await using (var query = store.QuerySession())
                if (await query.LoadAsync<Site>(pilot.Id, ct) is not null) continue;
            var registered = await bus.SendAsync<SiteView>(new RegisterSite(pilot.Id, pilot.Name, pilot.Arrondissements, pilot.Referential, pilot.Version), ct);
            if (!registered.Succeeded && registered.Status != StatusCodes.Status409Conflict)
                throw new InvalidOperationException($"Site pilote {pilot.Id} non enregistré : {registered.Sentence}");
            logger.LogInformation("Site pilote enregistré : {Site}", pilot.Id);
        }

        await users.BootstrapAdminAsync(store, bus, ct);
    }
}

public sealed class ReferenceDataStartup(ReferenceDataSeeder seeder) : IHostedService
{
    public Task StartAsync(CancellationToken ct) => seeder.SeedAsync(ct);

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
