using Alba;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using NPS.Quality.Infrastructure;
using NPS.Quality.Referentials;
using NPS.Quality.Samples;

namespace NPS.Quality.Tests.Infrastructure;

/// <summary>
/// Base of every HTTP test: a wiped store re-seeded as on first start (referentials, pilot sites, admin),
/// then scenarios through Alba with a bearer token.
/// </summary>
[Collection(IntegrationCollection.Name)]
public abstract class IntegrationContext(AppFixture fixture) : IAsyncLifetime
{
    protected IAlbaHost Host => fixture.Host;
    protected IDocumentStore Store => Host.Services.GetRequiredService<IDocumentStore>();
    protected ShiftableClock Clock => fixture.Clock;
    protected static CancellationToken Ct => TestContext.Current.CancellationToken;
    private int _users;

    public virtual async ValueTask InitializeAsync()
    {
        fixture.Clock.Reset();
        // The Data Protection key ring is kept in the store (shared by the nodes). The reset would take away the keys that
        // seal the cookies and antiforgery tokens this process keeps issuing from its cached ring; a later reload of the
        // ring would then miss them and a signed-in page test would be sent back to the sign-in form. They are put back.
        List<DataProtectionKey> keys;
        await using (var read = Store.QuerySession())
            keys = [.. await read.Query<DataProtectionKey>().ToListAsync(Ct)];
        await Host.ResetAllMartenDataAsync();
        if (keys.Count > 0)
        {
            await using var write = Store.LightweightSession();
            write.Store(keys.ToArray());
            await write.SaveChangesAsync(Ct);
        }
        await WipeSamplesAsync(Store, Ct);
        Host.Services.GetRequiredService<ReferentialCatalog>().Clear();
        await Host.Services.GetRequiredService<ReferenceDataSeeder>().SeedAsync(Ct);
    }

    /// <summary>
    /// Empties the samples table and its monthly counts, which Marten's reset does not own (it truncates its own mt_ tables).
    /// A test concern: production never deletes a sample.
    /// </summary>
    public static async Task WipeSamplesAsync(IDocumentStore store, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        await using var command = new Npgsql.NpgsqlCommand(
            """
            do $$ begin
                if to_regclass('nps.delay_samples') is not null then truncate nps.delay_samples; end if;
                if to_regclass('nps.delay_sample_counts') is not null then truncate nps.delay_sample_counts, nps.delay_sample_sites; end if;
            end $$;
            """);
        await session.ExecuteAsync(command, ct);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    protected Task<IScenarioResult> Scenario(string token, Action<Scenario> configure)
        => Host.Scenario(s =>
        {
            s.WithRequestHeader("Authorization", $"Bearer {token}");
            configure(s);
        });

    protected Task<IScenarioResult> AsAdmin(Action<Scenario> configure) => Scenario(AppFixture.AdminToken, configure);

    /// <summary>Creates a user through the API and returns its token.</summary>
    protected async Task<string> TokenFor(string role, string? siteId = null)
    {
        var name = $"{role}-{siteId ?? "all"}-{Interlocked.Increment(ref _users)}";
        var result = await AsAdmin(s =>
        {
            s.Post.Json(new { name, role, siteId }).ToUrl("/api/users");
            s.StatusCodeShouldBe(201);
        });
        return (await result.ReadAsJsonAsync<TokenAnswer>())!.Token;
    }

    private sealed record TokenAnswer(string Id, string Token);
}
