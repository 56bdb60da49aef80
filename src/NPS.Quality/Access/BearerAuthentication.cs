using System.Security.Claims;
using System.Text.Encodings.Web;
using Marten;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using NPS.Quality.Infrastructure;

namespace NPS.Quality.Access;

/// <summary>
/// <c>Authorization: Bearer &lt;token&gt;</c>: one indexed lookup by the token's hash, cached a few seconds so that a
/// revocation takes effect quickly without a query per request.
/// </summary>
public sealed class BearerAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IDocumentStore store,
    IMemoryCache cache) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Bearer";
    internal static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(3);

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (string.IsNullOrEmpty(header) || !header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return AuthenticateResult.NoResult();

        var token = header["Bearer ".Length..].Trim();
        if (token.Length is 0 or > 200) return AuthenticateResult.Fail("jeton invalide");

        var user = await FindAsync(Tokens.Hash(token));
        if (user is null) return AuthenticateResult.Fail("jeton inconnu ou révoqué");

        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, user.Id),
            new(ClaimTypes.Name, user.Name),
            new(ClaimTypes.Role, user.Role.ToString()),
        };
        if (user.SiteId is not null) claims.Add(new Claim(AccessClaims.Site, user.SiteId));
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName)), SchemeName));
    }

    private async Task<AppUser?> FindAsync(string hash)
    {
        if (cache.TryGetValue(hash, out AppUser? cached)) return cached;
        await using var session = store.QuerySession();
        var user = await session.Query<AppUser>().Where(u => u.TokenHash == hash && u.RevokedAt == null).FirstOrDefaultAsync(Context.RequestAborted);
        cache.Set(hash, user, CacheFor);
        return user;
    }
}

/// <summary>401 and 403 as French ProblemDetails that say what is not allowed.</summary>
public sealed class FrenchAuthorizationResultHandler(IProblemDetailsService problems) : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult result)
    {
        if (result.Challenged)
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            context.Response.Headers.WWWAuthenticate = "Bearer";
            await problems.WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails =
                {
                    Status = 401,
                    Title = "Authentification requise",
                    Detail = "Jeton d'accès manquant, inconnu ou révoqué : envoyez l'en-tête « Authorization: Bearer <jeton> ».",
                },
            });
            return;
        }
        if (result.Forbidden)
        {
            var reasons = result.AuthorizationFailure?.FailureReasons.Select(r => r.Message).Distinct().ToList() ?? [];
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            await problems.WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails = Problems.Forbidden(reasons.Count > 0 ? string.Join(" ", reasons) : "Action non autorisée pour votre rôle."),
            });
            return;
        }
        await _default.HandleAsync(next, context, policy, result);
    }
}

public static class AccessSetup
{
    public static IServiceCollection AddNpsAccess(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddAuthentication(BearerAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, BearerAuthenticationHandler>(BearerAuthenticationHandler.SchemeName, null);
        services.AddAuthorization(Policies.Add);
        services.AddSingleton<IAuthorizationHandler, AccessRequirementHandler>();
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, FrenchAuthorizationResultHandler>();
        services.AddSingleton<UserAdministration>();
        return services;
    }
}
