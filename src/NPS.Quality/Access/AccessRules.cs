using System.Security.Claims;

namespace NPS.Quality.Access;

/// <summary>Who is calling, as the bearer token says.</summary>
public sealed record Caller(string UserId, string Name, Role Role, string? SiteId)
{
    public static Caller From(ClaimsPrincipal principal) => new(
        principal.FindFirstValue(ClaimTypes.NameIdentifier) ?? "",
        principal.Identity?.Name ?? "",
        Enum.Parse<Role>(principal.FindFirstValue(ClaimTypes.Role) ?? nameof(Role.SiteManager)),
        principal.FindFirstValue(AccessClaims.Site));
}

public static class AccessClaims
{
    public const string Site = "nps:site";
}

/// <summary>
/// The rights of each role ("People and rights" in the domain notes), as pure functions: the policies and the
/// endpoints that load a resource before they know its site both ask here.
/// </summary>
public static class AccessRules
{
    public static bool SeesEverySite(Caller c) => c.Role is Role.Admin or Role.Auditor;

    public static bool CanReadSite(Caller c, string siteId) => SeesEverySite(c) || c.SiteId == siteId;

    public static bool CanWriteSamples(Caller c, string siteId) => c.Role == Role.QualityLead && c.SiteId == siteId;

    public static bool CanAdminister(Caller c) => c.Role == Role.Admin;

    public static bool CanManageAudits(Caller c) => c.Role == Role.Auditor;

    public static bool CanGenerateDossiers(Caller c) => c.Role is Role.Auditor or Role.Admin;

    /// <summary>Reading an audit, its findings or a dossier: every auditor and admin, and that site's people.</summary>
    public static bool CanReadAuditsOf(Caller c, string siteId) => CanReadSite(c, siteId);

    public static string Code(this Role role) => role switch
    {
        Role.Admin => "admin",
        Role.Auditor => "auditor",
        Role.QualityLead => "quality_lead",
        Role.SiteManager => "site_manager",
        _ => throw new ArgumentOutOfRangeException(nameof(role)),
    };

    public static string Label(this Role role) => role switch
    {
        Role.Admin => "administrateur",
        Role.Auditor => "auditeur",
        Role.QualityLead => "référent qualité",
        Role.SiteManager => "responsable de site",
        _ => throw new ArgumentOutOfRangeException(nameof(role)),
    };

    public static Role? ParseRole(string? code) => code switch
    {
        "admin" => Role.Admin,
        "auditor" => Role.Auditor,
        "quality_lead" => Role.QualityLead,
        "site_manager" => Role.SiteManager,
        _ => null,
    };

    public static bool IsSiteBound(this Role role) => role is Role.QualityLead or Role.SiteManager;
}
