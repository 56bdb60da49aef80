using Marten;
using Microsoft.Extensions.Options;
using NPS.Quality.Access;
using NPS.Quality.Referentials;
using NPS.Quality.Sites;

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
    ReferentialDirectory directory,
    IOptions<PilotSitesOptions> pilots,
    UserAdministration users,
    TimeProvider clock,
    ILogger<ReferenceDataSeeder> logger)
{
    public async Task SeedAsync(CancellationToken ct)
    {
        var (files, errors) = ReferentialFiles.Load(directory.Path);
        if (files is null)
            throw new InvalidOperationException(
                $"Référentiels invalides dans {directory.Path} : rien n'a été chargé.{Environment.NewLine}" + string.Join(Environment.NewLine, errors));

        await using var session = store.LightweightSession();
        session.LastModifiedBy = "system";
        var now = clock.GetUtcNow();
        foreach (var (definition, yaml) in files.Versions)
        {
            var outcome = await ReferentialPublishing.PublishAsync(session, definition, yaml, now, ct);
            if (outcome == PublishOutcome.Conflict)
                throw new InvalidOperationException(
                    $"referentials/{definition.Id}/{definition.Version}.yaml diffère de la version déjà publiée : une version publiée est immuable, publiez-en une nouvelle.");
            if (outcome == PublishOutcome.Published) logger.LogInformation("Référentiel publié : {Id} {Version}", definition.Id, definition.Version);
        }
        foreach (var mapping in files.Mappings)
            session.Store(new ReferentialMappingDocument { Id = ReferentialMapping.Key(mapping.Referential, mapping.From, mapping.To), Mapping = mapping });
        await session.SaveChangesAsync(ct);

        foreach (var pilot in pilots.Value.Sites)
        {
            if (await session.LoadAsync<Site>(pilot.Id, ct) is not null) continue;
            session.Events.StartStream<Site>(pilot.Id,
                new SiteRegistered(pilot.Id, pilot.Name, pilot.Arrondissements, pilot.Referential, pilot.Version, now));
            logger.LogInformation("Site pilote enregistré : {Site}", pilot.Id);
        }
        await session.SaveChangesAsync(ct);

        await users.BootstrapAdminAsync(store, ct);
    }
}

public sealed class ReferenceDataStartup(ReferenceDataSeeder seeder) : IHostedService
{
    public Task StartAsync(CancellationToken ct) => seeder.SeedAsync(ct);

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
