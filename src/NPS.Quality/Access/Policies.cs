using Microsoft.AspNetCore.Authorization;

namespace NPS.Quality.Access;

/// <summary>
/// The policy names endpoints declare with <c>[Authorize(Policy = ...)]</c>. Site-scoped policies read the
/// <c>siteId</c> route value, so they are decided before the body is read.
/// </summary>
public static class Policies
{
    public const string Admin = "admin";
    public const string AuditManager = "audit-manager";
    public const string DossierGenerator = "dossier-generator";
    public const string SiteReader = "site-reader";
    public const string SampleWriter = "sample-writer";
    public const string EverySiteReader = "every-site-reader";

    public static void Add(AuthorizationOptions options)
    {
        // The API is bearer-only: the session cookie of the web pages never authorizes an /api call.
        options.DefaultPolicy = new AuthorizationPolicyBuilder(BearerAuthenticationHandler.SchemeName).RequireAuthenticatedUser().Build();
        Rule(options, Admin, (c, _) => AccessRules.CanAdminister(c), "Réservé aux administrateurs.");
        Rule(options, AuditManager, (c, _) => AccessRules.CanManageAudits(c), "Réservé aux auditeurs.");
        Rule(options, DossierGenerator, (c, _) => AccessRules.CanGenerateDossiers(c), "Réservé aux auditeurs et aux administrateurs.");
        Rule(options, EverySiteReader, (c, _) => AccessRules.SeesEverySite(c), "Réservé aux auditeurs et aux administrateurs.");
        Rule(options, SiteReader, (c, site) => site is not null && AccessRules.CanReadSite(c, site),
            "Vous n'avez pas accès à ce site.");
        Rule(options, SampleWriter, (c, site) => site is not null && AccessRules.CanWriteSamples(c, site),
            "Seul le référent qualité de ce site peut enregistrer ou annuler ses échantillons.");
    }

    private static void Rule(AuthorizationOptions options, string name, Func<Caller, string?, bool> rule, string denial)
        => options.AddPolicy(name, p => p.AddAuthenticationSchemes(BearerAuthenticationHandler.SchemeName)
            .RequireAuthenticatedUser().AddRequirements(new AccessRequirement(rule, denial)));
}

/// <summary>A rule of <see cref="AccessRules"/> with the French sentence the caller gets when it fails.</summary>
public sealed class AccessRequirement(Func<Caller, string?, bool> rule, string denial) : IAuthorizationRequirement
{
    public string Denial { get; } = denial;

    public bool IsMet(Caller caller, string? siteId) => rule(caller, siteId);
}

public sealed class AccessRequirementHandler : AuthorizationHandler<AccessRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, AccessRequirement requirement)
    {
        if (context.User.Identity?.IsAuthenticated != true) return Task.CompletedTask;
        var siteId = (context.Resource as HttpContext)?.GetRouteValue("siteId") as string;
        if (requirement.IsMet(Caller.From(context.User), siteId)) context.Succeed(requirement);
        else context.Fail(new AuthorizationFailureReason(this, requirement.Denial));
        return Task.CompletedTask;
    }
}
