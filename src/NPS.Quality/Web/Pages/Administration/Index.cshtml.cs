using Microsoft.AspNetCore.Mvc;
using NPS.Quality.Access;

namespace NPS.Quality.Web.Pages.Administration;

/// <summary>The administrators' entry: users, referentials, sites.</summary>
public sealed class IndexModel(TimeProvider clock) : WebPage(clock)
{
    public IActionResult OnGet() => AccessRules.CanAdminister(Me) ? Page() : Refused();
}
