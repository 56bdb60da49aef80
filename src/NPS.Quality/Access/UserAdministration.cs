using Marten;
using NPS.Quality.Infrastructure;
using NPS.Quality.Sites;

using NPS.Quality.Shared;
using Wolverine;

namespace NPS.Quality.Access;

public sealed record NewUser(string Id, string Token);

/// <summary>Creating users, shared by the HTTP endpoint, the <c>users</c> command and the first-start bootstrap.</summary>
public sealed class UserAdministration(TimeProvider clock, ILogger<UserAdministration> logger)
{
    public const string BootstrapTokenVariable = "NPS_QUALITY_BOOTSTRAP_TOKEN";

    /// <summary>The field rules, pure: name present, role known, a site exactly for the site-bound roles.</summary>
    public static List<FieldError> Check(string? name, string? role, string? siteId, bool siteExists)
    {
        var errors = new List<FieldError>();
        if (string.IsNullOrWhiteSpace(name)) errors.Add(new("name", "le nom est obligatoire"));
        else if (name.Length > 120) errors.Add(new("name", "le nom ne doit pas dépasser 120 caractères", Value: name));
        var parsed = AccessRules.ParseRole(role);
        if (parsed is null)
            errors.Add(new("role", "rôle inconnu : attendu admin, auditor, quality_lead ou site_manager", Value: role));
        else if (parsed.Value.IsSiteBound() && string.IsNullOrWhiteSpace(siteId))
            errors.Add(new("siteId", $"un {parsed.Value.Label()} est rattaché à un site : siteId est obligatoire"));
        else if (!parsed.Value.IsSiteBound() && !string.IsNullOrWhiteSpace(siteId))
            errors.Add(new("siteId", $"un {parsed.Value.Label()} voit tous les sites : siteId doit être absent", Value: siteId));
        else if (parsed.Value.IsSiteBound() && !siteExists)
            errors.Add(new("siteId", "site inconnu", Value: siteId));
        return errors;
    }

    /// <summary>The user to create (its first event and its token, shown once), or the field errors.</summary>
    public async Task<(UserCreated? Created, NewUser? User, List<FieldError> Errors)> DecideAsync(IQuerySession session, string? name, string? role,
        string? siteId, CancellationToken ct, string? token = null)
    {
        var siteExists = !string.IsNullOrWhiteSpace(siteId) && await session.LoadAsync<Site>(siteId, ct) is not null;
        var errors = Check(name, role, siteId, siteExists);
        if (errors.Count == 0 && await session.Query<AppUser>().AnyAsync(u => u.Name == name!.Trim(), ct))
            errors.Add(new("name", "un utilisateur porte déjà ce nom", Value: name));
        if (errors.Count > 0) return (null, null, errors);

        token ??= Tokens.NewToken();
        var id = Tokens.NewUserId();
        var parsedRole = AccessRules.ParseRole(role)!.Value;
        var created = new UserCreated(id, name!.Trim(), parsedRole, parsedRole.IsSiteBound() ? siteId : null, Tokens.Hash(token), clock.GetUtcNow());
        return (created, new NewUser(id, token), errors);
    }

    /// <summary>On a store with no user: an admin with the configured token, or a random one printed once.</summary>
    public async Task BootstrapAdminAsync(IDocumentStore store, IMessageBus bus, CancellationToken ct)
    {
        await using (var query = store.QuerySession())
            if (await query.Query<AppUser>().AnyAsync(ct)) return;

        var configured = Environment.GetEnvironmentVariable(BootstrapTokenVariable);
        var token = string.IsNullOrWhiteSpace(configured) ? null : configured.Trim();
        var outcome = await bus.SendAsync<CreatedUser>(new CreateUser("admin", "admin", null) { Token = token }, ct);
        if (!outcome.Succeeded) throw new InvalidOperationException($"Administrateur initial non créé : {outcome.Sentence}");
        if (token is null)
            logger.LogWarning("Aucun utilisateur : administrateur « admin » créé. Son jeton, affiché une seule fois : {Token}", outcome.Value!.Token);
        else
            logger.LogInformation("Aucun utilisateur : administrateur « admin » créé avec le jeton de {Variable}.", BootstrapTokenVariable);
    }
}
