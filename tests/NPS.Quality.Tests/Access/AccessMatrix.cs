namespace NPS.Quality.Tests.Access;

/// <summary>Who calls: a role, and for site-bound roles whether the route's site is theirs.</summary>
public enum Actor
{
    Admin,
    Auditor,
    QualityLeadOfTheSite,
    SiteManagerOfTheSite,
    QualityLeadOfAnotherSite,
    SiteManagerOfAnotherSite,
}

/// <summary>
/// One row per API endpoint: how to call it on <c>paris-11</c> and which actors may. A new endpoint must get a
/// row here (<see cref="when_checking_access.every_api_endpoint_is_in_the_matrix"/> fails otherwise). Bodies are
/// deliberately incomplete: an allowed caller gets past authorization and then a 400/404, so the matrix never
/// depends on data, while a refused one must get 403 before anything is read.
/// </summary>
public sealed record EndpointRule(string Method, string Route, string Url, object? Body, params Actor[] Allowed)
{
    public override string ToString() => $"{Method} {Route}";

    private static readonly Actor[] Everyone = Enum.GetValues<Actor>();
    private static readonly Actor[] AdminOnly = [Actor.Admin];
    private static readonly Actor[] SiteReaders = [Actor.Admin, Actor.Auditor, Actor.QualityLeadOfTheSite, Actor.SiteManagerOfTheSite];

    public static readonly EndpointRule[] All =
    [
        new("GET", "/api/referentials", "/api/referentials", null, Everyone),
        new("GET", "/api/referentials/{id}/{version}", "/api/referentials/qualiparis-services-sociaux/2017.1", null, Everyone),
        new("GET", "/api/referentials/{id}/diff", "/api/referentials/qualiparis-services-sociaux/diff", null, Everyone),
        new("POST", "/api/referentials", "/api/referentials", "", AdminOnly),
        new("GET", "/api/sites", "/api/sites", null, Everyone),
        new("POST", "/api/sites", "/api/sites", new { }, AdminOnly),
        new("GET", "/api/sites/{siteId}", "/api/sites/paris-11", null, SiteReaders),
        new("POST", "/api/sites/{siteId}/referential", "/api/sites/paris-11/referential", new { }, AdminOnly),
        new("GET", "/api/sites/{siteId}/history", "/api/sites/paris-11/history", null, SiteReaders),
        new("POST", "/api/users", "/api/users", new { }, AdminOnly),
        new("GET", "/api/users", "/api/users", null, AdminOnly),
        new("POST", "/api/users/{userId}/revoke", "/api/users/u-inconnu/revoke", null, AdminOnly),
    ];
}
