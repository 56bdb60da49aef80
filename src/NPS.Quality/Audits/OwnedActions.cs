using Marten;
using NPS.Quality.Access;

namespace NPS.Quality.Audits;

/// <summary>
/// The open corrective actions a person is responsible for ("Mes actions"): the actions of the sites the caller may see
/// (<see cref="ActionReads.OfCallerAsync"/>) whose owner is the caller's name. An action's owner is free text written by
/// the auditor, so it is matched on the name, ignoring case and surrounding spaces.
/// </summary>
public static class OwnedActionReads
{
    public static bool IsOwner(string owner, string name)
        => string.Equals(owner.Trim(), name.Trim(), StringComparison.OrdinalIgnoreCase);

    public static async Task<List<SiteActionView>> OfCallerAsync(IQuerySession session, Caller caller, DateOnly today, CancellationToken ct)
        => Owned(await ActionReads.OfCallerAsync(session, caller, overdueOnly: false, today, ct), caller.Name);

    /// <summary>The caller's actions, overdue first, then by due date. Pure.</summary>
    public static List<SiteActionView> Owned(IEnumerable<SiteActionView> open, string name)
        => open.Where(a => IsOwner(a.Action.Owner, name))
            .OrderByDescending(a => a.Action.Overdue).ThenBy(a => a.Action.DueOn).ThenBy(a => a.SiteId)
            .ToList();
}
