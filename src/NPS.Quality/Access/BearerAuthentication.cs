using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.Extensions.Options;

namespace NPS.Quality.Access;

/// <summary>
/// <c>Authorization: Bearer &lt;token&gt;</c>: one indexed lookup by the token's hash, cached a few seconds so that a
/// revocation takes effect quickly without a query per request.
/// </summary>
public sealed class BearerAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    UserDirectory users) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Bearer";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (string.IsNullOrEmpty(header) || !header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return AuthenticateResult.NoResult();

        var token = header["Bearer ".Length..].Trim();
        if (token.Length is 0 or > 200) return AuthenticateResult.Fail("jeton invalide");

        var user = await users.FindByTokenAsync(token, Context.RequestAborted);
        if (user is null) return AuthenticateResult.Fail("jeton inconnu ou révoqué");
        return AuthenticateResult.Success(new AuthenticationTicket(UserDirectory.PrincipalFor(user, SchemeName), SchemeName));
    }
}

/// <summary>401 and 403 as French ProblemDetails that say what is not allowed.</summary>
public sealed class FrenchAuthorizationResultHandler(IProblemDetailsService problems) : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult result)
    {
        if (!policy.AuthenticationSchemes.Contains(BearerAuthenticationHandler.SchemeName))
        {
            // Not the API (the pages' own scheme): a challenge redirects to the sign-in page; a refusal is a bare 403
            // that the status-code pages render as the French "accès refusé" page.
            if (result.Forbidden) context.Response.StatusCode = StatusCodes.Status403Forbidden;
            else await _default.HandleAsync(next, context, policy, result);
            return;
        }
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
        services.AddSingleton<UserDirectory>();
        services.AddAuthentication(BearerAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, BearerAuthenticationHandler>(BearerAuthenticationHandler.SchemeName, null);
        services.AddAuthorization(Policies.Add);
        services.AddSingleton<IAuthorizationHandler, AccessRequirementHandler>();
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, FrenchAuthorizationResultHandler>();
        services.AddSingleton<UserAdministration>();
        return services;
    }
}
