using System.Globalization;
using Humanizer;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NPS.Quality.Access;
using NPS.Quality.Audits;
using NPS.Quality.Shared;
using Wolverine;

namespace NPS.Quality.Web;

/// <summary>What every page knows: who is signed in (the same <see cref="Caller"/> the API builds), today in Paris.</summary>
public abstract class WebPage(TimeProvider clock) : PageModel
{
    protected TimeProvider Clock => clock;
    public Caller Me => Caller.From(User);
    public DateTimeOffset Now => clock.GetUtcNow();
    public DateOnly Today => AuditCalendar.DateOf(Now);

    /// <summary>
    /// A request naming no handler of this page (a form posted to the wrong handler, a hand-made URL) would render the
    /// page without loading it: answer 404 instead, as for an unknown route.
    /// </summary>
    public override async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        if (context.HandlerMethod is null)
        {
            context.Result = NotFound();
            return;
        }
        await next();
    }

    /// <summary>The French message shown at the top of the page after a form (post/redirect/get).</summary>
    [TempData] public string? Notice { get; set; }

    /// <summary>A refusal rendered as the French 403 page; nothing of the resource is shown.</summary>
    protected IActionResult Refused() => StatusCode(StatusCodes.Status403Forbidden);

    protected string Who => Me.Name;

    /// <summary>
    /// The page of a list asked by <c>?page=</c> (1 when absent or not a positive number). Read from the query itself:
    /// Razor Pages also has a "page" route value (the page's name), which model binding would find first.
    /// </summary>
    protected int QueryPage()
        => int.TryParse(Request.Query["page"].FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p >= 1 ? p : 1;

    /// <summary>The badge colour of a label status (its wire code; its label tells an audit under way with a major NC open).</summary>
    public static string LabelClass(string? status, string? label = null) => WireNames.Parse<SiteLabelStatus>(status) switch
    {
        SiteLabelStatus.Blocked => "bad",
        SiteLabelStatus.AuditInProgress when label == LabelStatus.InProgressWithMajorNc => "bad",
        SiteLabelStatus.AuditInProgress => "warn",
        SiteLabelStatus.Labelled => "good",
        SiteLabelStatus.Expired => "warn",
        _ => "neutral",
    };

    /// <summary>Wolverine's bus for this request, carrying the signed-in user's name into the event metadata.</summary>
    protected IMessageContext Bus
    {
        get
        {
            var bus = HttpContext.RequestServices.GetRequiredService<IMessageContext>();
            bus.UserName = User.Identity?.Name;
            return bus;
        }
    }

    /// <summary>Sends a command as the API does (<see cref="Commands.SendAsync{T}"/>): same handler, transaction, outbox and 409.</summary>
    protected Task<Outcome<T>> SendAsync<T>(object command) where T : class => Bus.SendAsync<T>(command, HttpContext.RequestAborted);

    /// <summary>Shows a refusal on the page: its sentence, its field errors, its status code.</summary>
    protected void Show<T>(Outcome<T> refused, Action<string, IReadOnlyList<FieldError>> show) where T : class
    {
        show(refused.Sentence, refused.Errors);
        Response.StatusCode = refused.Status;
    }
}
