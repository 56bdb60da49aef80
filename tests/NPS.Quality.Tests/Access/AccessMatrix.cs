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
/// depends on data, while a refused one must get 403 before anything is read. In URLs, <c>{audit}</c>,
/// <c>{finding}</c> and <c>{action}</c> stand for a started audit of paris-11 with a minor NC and its action;
/// <c>{dossier}</c> for an AFNOR dossier of paris-11 requested by the admin.
/// </summary>
public sealed record EndpointRule(string Method, string Route, string Url, object? Body, params Actor[] Allowed)
{
    public override string ToString() => $"{Method} {Route}";

    private static readonly Actor[] Everyone = Enum.GetValues<Actor>();
    private static readonly Actor[] AdminOnly = [Actor.Admin];
    private static readonly Actor[] SiteReaders = [Actor.Admin, Actor.Auditor, Actor.QualityLeadOfTheSite, Actor.SiteManagerOfTheSite];
    private static readonly Actor[] AuditorOnly = [Actor.Auditor];
    private static readonly Actor[] QualityLeadOfTheSite = [Actor.QualityLeadOfTheSite];
    private static readonly Actor[] EverySiteReaders = [Actor.Admin, Actor.Auditor];
    private static readonly Actor[] DossierReaders = [Actor.Admin, Actor.Auditor, Actor.SiteManagerOfTheSite];

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

        new("POST", "/api/sites/{siteId}/audits", "/api/sites/paris-11/audits", new { }, AuditorOnly),
        new("GET", "/api/sites/{siteId}/audits", "/api/sites/paris-11/audits", null, SiteReaders),
        new("GET", "/api/audits/{auditId}", "/api/audits/{audit}", null, SiteReaders),
        new("POST", "/api/audits/{auditId}/start", "/api/audits/{audit}/start", new { }, AuditorOnly),
        new("POST", "/api/audits/{auditId}/conclude", "/api/audits/{audit}/conclude", new { }, AuditorOnly),
        new("POST", "/api/audits/{auditId}/close", "/api/audits/{audit}/close", new { }, AuditorOnly),
        new("POST", "/api/audits/{auditId}/plan", "/api/audits/{audit}/plan", new { }, AuditorOnly),
        new("POST", "/api/audits/{auditId}/findings", "/api/audits/{audit}/findings", new { }, AuditorOnly),
        new("POST", "/api/audits/{auditId}/findings/{findingId}/reword", "/api/audits/{audit}/findings/{finding}/reword", new { }, AuditorOnly),
        new("POST", "/api/audits/{auditId}/findings/{findingId}/withdraw", "/api/audits/{audit}/findings/{finding}/withdraw", new { }, AuditorOnly),
        new("POST", "/api/audits/{auditId}/findings/{findingId}/close", "/api/audits/{audit}/findings/{finding}/close", new { }, AuditorOnly),
        new("POST", "/api/audits/{auditId}/findings/{findingId}/actions", "/api/audits/{audit}/findings/{finding}/actions", new { }, AuditorOnly),
        new("POST", "/api/audits/{auditId}/findings/{findingId}/cause", "/api/audits/{audit}/findings/{finding}/cause", new { }, AuditorOnly),
        new("POST", "/api/audits/{auditId}/findings/{findingId}/correction", "/api/audits/{audit}/findings/{finding}/correction", new { }, AuditorOnly),
        new("POST", "/api/audits/{auditId}/findings/{findingId}/effectiveness", "/api/audits/{audit}/findings/{finding}/effectiveness", new { }, AuditorOnly),
        new("POST", "/api/audits/{auditId}/findings/{findingId}/acknowledgement", "/api/audits/{audit}/findings/{finding}/acknowledgement", new { }, AuditorOnly),
        new("POST", "/api/audits/{auditId}/findings/{findingId}/actions/{actionId}/complete",
            "/api/audits/{audit}/findings/{finding}/actions/{action}/complete", new { }, AuditorOnly),
        new("GET", "/api/actions", "/api/actions?overdue=true", null, Everyone),
        new("GET", "/api/actions/export", "/api/actions/export?overdue=true&format=csv", null, Everyone),

        new("POST", "/api/sites/{siteId}/samples", "/api/sites/paris-11/samples", new { }, QualityLeadOfTheSite),
        new("POST", "/api/sites/{siteId}/samples/batch", "/api/sites/paris-11/samples/batch", new { }, QualityLeadOfTheSite),
        new("POST", "/api/sites/{siteId}/samples/import", "/api/sites/paris-11/samples/import", "identifiant;indicateur\n", QualityLeadOfTheSite),
        new("POST", "/api/sites/{siteId}/samples/{sampleId}/void", "/api/sites/paris-11/samples/S-inconnu/void", new { }, QualityLeadOfTheSite),
        new("GET", "/api/sites/{siteId}/samples", "/api/sites/paris-11/samples", null, SiteReaders),
        new("GET", "/api/sites/{siteId}/compliance", "/api/sites/paris-11/compliance?from=2017-10-01&to=2017-10-31", null, SiteReaders),
        new("GET", "/api/compliance", "/api/compliance?from=2017-10-01&to=2017-10-31", null, EverySiteReaders),
        new("GET", "/api/sites/{siteId}/samples/export", "/api/sites/paris-11/samples/export?format=csv", null, SiteReaders),
        new("GET", "/api/sites/{siteId}/samples/template.xlsx", "/api/sites/paris-11/samples/template.xlsx", null, SiteReaders),
        new("GET", "/api/sites/{siteId}/compliance/export", "/api/sites/paris-11/compliance/export?from=2017-10-01&to=2017-10-31&format=csv", null, SiteReaders),
        new("GET", "/api/compliance/export", "/api/compliance/export?from=2017-10-01&to=2017-10-31&format=csv", null, EverySiteReaders),

        // Audit programmes (issue 16): the administrator draws and plans them; auditors and administrators read them.
        new("POST", "/api/programmes", "/api/programmes", new { }, AdminOnly),
        new("GET", "/api/programmes", "/api/programmes", null, EverySiteReaders),
        new("GET", "/api/programmes/{programmeId}", "/api/programmes/programme-inconnu", null, EverySiteReaders),
        new("POST", "/api/programmes/{programmeId}/swap", "/api/programmes/programme-inconnu/swap", new { }, AdminOnly),
        new("POST", "/api/programmes/{programmeId}/audits", "/api/programmes/programme-inconnu/audits", new { }, AdminOnly),
        new("GET", "/api/audits/{auditId}/carried-over", "/api/audits/{audit}/carried-over", null, SiteReaders),

        // Reminders (issue 16): every user sets their own address and reminders, and makes their own calendar feed.
        new("GET", "/api/me/reminders", "/api/me/reminders", null, Everyone),
        new("POST", "/api/me/reminders", "/api/me/reminders", new { }, Everyone),
        new("POST", "/api/me/calendar", "/api/me/calendar", null, Everyone),

        new("POST", "/api/sites/{siteId}/dossiers", "/api/sites/paris-11/dossiers", new { }, EverySiteReaders),
        new("GET", "/api/sites/{siteId}/dossiers", "/api/sites/paris-11/dossiers", null, DossierReaders),
        new("GET", "/api/dossiers/{dossierId}", "/api/dossiers/{dossier}", null, DossierReaders),
        new("GET", "/api/dossiers/{dossierId}/pdf", "/api/dossiers/{dossier}/pdf", null, DossierReaders),
        new("POST", "/api/dossiers/verify", "/api/dossiers/verify", "%PDF-1.4 pas un dossier", Everyone),
    ];
}
