using Marten;
using Microsoft.AspNetCore.Mvc;
using NPS.Quality.Access;
using NPS.Quality.Programmes;
using NPS.Quality.Sites;

namespace NPS.Quality.Web.Pages.Programmes;

/// <summary>The audit programmes (auditors and administrators); administrators draw a new one here (the API's ProposeProgramme).</summary>
public sealed class IndexModel(IQuerySession session, TimeProvider clock) : WebPage(clock)
{
    public IReadOnlyList<ProgrammeSummary> Programmes { get; private set; } = [];
    public IReadOnlyList<Site> Sites { get; private set; } = [];
    public bool CanPropose => AccessRules.CanAdminister(Me);
    public string? Problem { get; private set; }
    public IReadOnlyList<FieldError> Errors { get; private set; } = [];

    [BindProperty] public ProposeForm Form { get; set; } = new();

    public sealed class ProposeForm
    {
        public int? Year { get; set; }
        public string? Stage { get; set; }
        public List<string> SiteIds { get; set; } = [];
        public int? Seed { get; set; }
    }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!AccessRules.SeesEverySite(Me)) return Refused();
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!CanPropose) return Refused();
        var outcome = await SendAsync<ProgrammeCreated>(new ProposeProgramme(Form.Year, Form.Stage, null, Form.SiteIds, Form.Seed));
        if (outcome.Succeeded)
        {
            Notice = "Programme proposé : vérifiez l'échantillon, échangez un site si besoin, puis planifiez les audits.";
            return Redirect($"/programmes/{outcome.Value!.Id}");
        }
        await LoadAsync(ct);
        Show(outcome, (sentence, errors) => (Problem, Errors) = (sentence, errors));
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Programmes = await ProgrammeReads.ListAsync(session, Today, ct);
        Sites = await session.Query<Site>().OrderBy(s => s.Id).ToListAsync(ct);
    }
}
