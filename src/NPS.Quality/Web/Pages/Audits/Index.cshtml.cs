using System.Globalization;
using Marten;
using Microsoft.AspNetCore.Mvc;
using NPS.Quality.Access;
using NPS.Quality.Audits;
using NPS.Quality.Sites;

namespace NPS.Quality.Web.Pages.Audits;

/// <summary>The audits of the sites the user may read; auditors plan new ones here (the API's PlanAudit command).</summary>
public sealed class IndexModel(IQuerySession session, TimeProvider clock) : WebPage(clock)
{
    public IReadOnlyList<(Site Site, AuditSummary Audit)> Audits { get; private set; } = [];
    public IReadOnlyList<Site> Sites { get; private set; } = [];
    public bool CanPlan => AccessRules.CanManageAudits(Me);
    public string? Problem { get; private set; }
    public IReadOnlyList<FieldError> Errors { get; private set; } = [];

    [BindProperty] public PlanForm Form { get; set; } = new();

    public sealed class PlanForm
    {
        public string? Site { get; set; }
        public string? Kind { get; set; }
        public string? Type { get; set; }
        public string? PlannedOn { get; set; }
        public string? Auditors { get; set; }
        public string? Scope { get; set; }
    }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!CanPlan) return Refused();
        await LoadAsync(ct);
        var plannedOn = DateOnly.TryParseExact(Form.PlannedOn, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : (DateOnly?)null;
        var auditors = (Form.Auditors ?? "").Split([',', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var outcome = await SendAsync<AuditItemCreated>(new PlanAudit(Form.Kind, Form.Type, plannedOn, auditors, Form.Scope) { SiteId = Form.Site ?? "" });
        if (!outcome.Succeeded)
        {
            Problem = outcome.Sentence;
            Errors = outcome.Errors;
            Response.StatusCode = outcome.Status;
            return Page();
        }
        var created = outcome.Value!;
        Notice = "Audit planifié.";
        return Redirect($"/audits/{created.AuditId}");
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var sites = (await session.Query<Site>().OrderBy(s => s.Id).ToListAsync(ct)).Where(s => AccessRules.CanReadAuditsOf(Me, s.Id)).ToList();
        var ids = sites.Select(s => s.Id).ToList();
        var audits = await session.Query<Audit>().Where(a => a.SiteId.IsOneOf(ids)).OrderByDescending(a => a.PlannedOn).ToListAsync(ct);
        var byId = sites.ToDictionary(s => s.Id);
        Sites = sites;
        Audits = audits.Select(a => (byId[a.SiteId], AuditSummary.From(a, Today))).ToList();
    }
}
