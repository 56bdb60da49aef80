namespace NPS.Quality.Tests.Access;

/// <summary>
/// One row per page and handler: how to call it on <c>paris-11</c> with a signed-in browser session, and which actors
/// may. A new page or handler must get a row (<see cref="when_checking_page_access.every_page_and_handler_is_in_the_matrix"/>
/// fails otherwise). As in <see cref="EndpointRule"/>, forms are deliberately incomplete: an allowed caller gets past the
/// rights check and then a French refusal or a redirect, a refused one gets 403 before anything is read or written.
/// <c>{audit}</c> and <c>{dossier}</c> stand for an audit and a dossier of paris-11.
/// </summary>
public sealed record PageRule(string Method, string Route, string? Handler, string Url, params Actor[] Allowed)
{
    public override string ToString() => Handler is null ? $"{Method} {Route}" : $"{Method} {Route} ({Handler})";

    /// <summary>The pages anyone reaches, signed in or not.</summary>
    public bool Open => Route is "/connexion" or "/deconnexion" or "/erreur/{code:int}" or "/accessibilite" or "/mentions-legales" or "/donnees-personnelles";

    private static readonly Actor[] Everyone = Enum.GetValues<Actor>();
    private static readonly Actor[] SiteReaders = [Actor.Admin, Actor.Auditor, Actor.QualityLeadOfTheSite, Actor.SiteManagerOfTheSite];
    private static readonly Actor[] AuditorOnly = [Actor.Auditor];
    private static readonly Actor[] QualityLeadOfTheSite = [Actor.QualityLeadOfTheSite];
    private static readonly Actor[] EverySiteReaders = [Actor.Admin, Actor.Auditor];
    private static readonly Actor[] AdminOnly = [Actor.Admin];
    private static readonly Actor[] DossierReaders = [Actor.Admin, Actor.Auditor, Actor.SiteManagerOfTheSite];

    public static readonly PageRule[] All =
    [
        new("GET", "/", null, "/", Everyone),
        new("GET", "/sites/{siteId}", null, "/sites/paris-11", SiteReaders),
        new("POST", "/sites/{siteId}", "Dossier", "/sites/paris-11?handler=Dossier", EverySiteReaders),
        new("GET", "/sites/{siteId}/echantillons", null, "/sites/paris-11/echantillons", SiteReaders),
        new("POST", "/sites/{siteId}/echantillons", "Un", "/sites/paris-11/echantillons?handler=Un", QualityLeadOfTheSite),
        new("POST", "/sites/{siteId}/echantillons", "Import", "/sites/paris-11/echantillons?handler=Import", QualityLeadOfTheSite),
        new("POST", "/sites/{siteId}/echantillons", "Annuler", "/sites/paris-11/echantillons?handler=Annuler", QualityLeadOfTheSite),
        new("GET", "/audits", null, "/audits", Everyone),
        new("POST", "/audits", null, "/audits", AuditorOnly),
        new("GET", "/audits/{auditId}", null, "/audits/{audit}", SiteReaders),
        new("POST", "/audits/{auditId}", "Start", "/audits/{audit}?handler=Start", AuditorOnly),
        new("POST", "/audits/{auditId}", "Finding", "/audits/{audit}?handler=Finding", AuditorOnly),
        new("POST", "/audits/{auditId}", "Action", "/audits/{audit}?handler=Action", AuditorOnly),
        new("POST", "/audits/{auditId}", "Complete", "/audits/{audit}?handler=Complete", AuditorOnly),
        new("POST", "/audits/{auditId}", "Lift", "/audits/{audit}?handler=Lift", AuditorOnly),
        new("POST", "/audits/{auditId}", "Cause", "/audits/{audit}?handler=Cause", AuditorOnly),
        new("POST", "/audits/{auditId}", "Correction", "/audits/{audit}?handler=Correction", AuditorOnly),
        new("POST", "/audits/{auditId}", "Effectiveness", "/audits/{audit}?handler=Effectiveness", AuditorOnly),
        new("POST", "/audits/{auditId}", "Acknowledge", "/audits/{audit}?handler=Acknowledge", AuditorOnly),
        new("POST", "/audits/{auditId}", "Conclude", "/audits/{audit}?handler=Conclude", AuditorOnly),
        new("POST", "/audits/{auditId}", "Close", "/audits/{audit}?handler=Close", AuditorOnly),
        new("GET", "/dossiers/{dossierId}/pdf", null, "/dossiers/{dossier}/pdf", DossierReaders),
        // The spreadsheet downloads (issue 12): one page for every kind, each kind under its API export's rule; the matrix
        // calls the samples export (site readers); the other kinds are covered by when_using_spreadsheets_in_the_pages.
        new("GET", "/exports/{what}", null, "/exports/echantillons?site=paris-11&format=csv", SiteReaders),
        // The new pages of issue 15: my actions, a site's history, administration.
        new("GET", "/mes-actions", null, "/mes-actions", Everyone),
        new("GET", "/sites/{siteId}/historique", null, "/sites/paris-11/historique", SiteReaders),
        new("GET", "/administration", null, "/administration", AdminOnly),
        new("GET", "/administration/utilisateurs", null, "/administration/utilisateurs", AdminOnly),
        new("POST", "/administration/utilisateurs", "Creer", "/administration/utilisateurs?handler=Creer", AdminOnly),
        new("POST", "/administration/utilisateurs", "Revoquer", "/administration/utilisateurs?handler=Revoquer", AdminOnly),
        new("GET", "/administration/referentiels", null, "/administration/referentiels", AdminOnly),
        new("POST", "/administration/referentiels", "Publier", "/administration/referentiels?handler=Publier", AdminOnly),
        new("GET", "/administration/sites", null, "/administration/sites", AdminOnly),
        new("POST", "/administration/sites", "Enregistrer", "/administration/sites?handler=Enregistrer", AdminOnly),
        new("POST", "/administration/sites", "Deplacer", "/administration/sites?handler=Deplacer", AdminOnly),
        // Open to anyone (signed in or not): the footer's pages (accessibility statement, legal notice, personal data).
        new("GET", "/accessibilite", null, "/accessibilite", Everyone),
        new("GET", "/mentions-legales", null, "/mentions-legales", Everyone),
        new("GET", "/donnees-personnelles", null, "/donnees-personnelles", Everyone),
        // Audit programmes and reminders (issue 16). {programme} stands for an unknown programme: readers get 404, others 403.
        new("GET", "/programmes", null, "/programmes", EverySiteReaders),
        new("POST", "/programmes", null, "/programmes", AdminOnly),
        new("GET", "/programmes/{programmeId}", null, "/programmes/programme-inconnu", EverySiteReaders),
        new("POST", "/programmes/{programmeId}", "Swap", "/programmes/programme-inconnu?handler=Swap", AdminOnly),
        new("POST", "/programmes/{programmeId}", "Plan", "/programmes/programme-inconnu?handler=Plan", AdminOnly),
        new("GET", "/rappels", null, "/rappels", Everyone),
        new("POST", "/rappels", null, "/rappels", Everyone),
        new("POST", "/rappels", "Calendar", "/rappels?handler=Calendar", Everyone),
        // Open to anyone (signed in or not): the sign-in page, sign-out, and the French error pages.
        new("GET", "/connexion", null, "/connexion", Everyone),
        new("POST", "/connexion", null, "/connexion", Everyone),
        new("GET", "/deconnexion", null, "/deconnexion", Everyone),
        new("POST", "/deconnexion", null, "/deconnexion", Everyone),
        new("GET", "/erreur/{code:int}", null, "/erreur/404", Everyone),
        new("POST", "/erreur/{code:int}", null, "/erreur/404", Everyone),
    ];
}
