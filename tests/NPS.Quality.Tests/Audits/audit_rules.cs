using NPS.Quality.Audits;
using NPS.Quality.Sites;
using NPS.Quality.Shared;
using Shouldly;

namespace NPS.Quality.Tests.Audits;

/// <summary>Audits built from their events, as the store replays them: the pure rules are tested on these.</summary>
internal static class AuditStory
{
    public static readonly DateTimeOffset PlannedAt = new(2017, 9, 1, 8, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset FindingAt = new(2017, 10, 16, 9, 0, 0, TimeSpan.Zero);

    public static Audit Planned(AuditKind kind = AuditKind.Internal, DateOnly? on = null)
        => Audit.Create(new AuditPlanned("audit-1", "paris-11", kind, AuditType.Initial, on ?? new DateOnly(2017, 10, 16), ["A. Martin"], "accueil",
            "qualiparis-services-sociaux", "2017.1", "auditor", PlannedAt));

    public static Audit Started(AuditKind kind = AuditKind.Internal)
    {
        var audit = Planned(kind);
        audit.Apply(new AuditStarted(audit.Id, "auditor", FindingAt));
        return audit;
    }

    public static Finding Record(this Audit audit, FindingCategory category, string? id = null)
    {
        id ??= $"f-{audit.Findings.Count + 1}";
        audit.Apply(new FindingRecorded(audit.Id, id, category, "ACC-01", "constat", null, [], "auditor", FindingAt));
        return audit.FindFinding(id)!;
    }

    /// <summary>A finding recorded under its wire code ("PS", "NC_MINEURE"…).</summary>
    public static Finding Record(this Audit audit, string category) => audit.Record(WireNames.Parse<FindingCategory>(category)!.Value);

    public static CorrectiveAction Act(this Audit audit, Finding finding, DateOnly? dueOn = null)
    {
        var id = $"a-{finding.Actions.Count + 1}";
        audit.Apply(new CorrectiveActionAdded(audit.Id, finding.Id, id, "corriger", "responsable", dueOn ?? new DateOnly(2018, 1, 16), false, "auditor", FindingAt));
        return finding.Actions.Single(a => a.Id == id);
    }

    public static void Complete(this Audit audit, Finding finding, CorrectiveAction action, string? proof)
        => audit.Apply(new CorrectiveActionCompleted(audit.Id, finding.Id, action.Id, proof, "auditor", FindingAt.AddDays(10)));

    public static void Lift(this Audit audit, Finding finding) => audit.Apply(new FindingClosed(audit.Id, finding.Id, "auditor", FindingAt.AddDays(20)));

    public static Audit Concluded(this Audit audit, AuditConclusion conclusion, DateTimeOffset at)
    {
        audit.Apply(new AuditConcluded(audit.Id, conclusion, "synthèse", "auditor", at));
        return audit;
    }
}

public sealed class when_moving_an_audit_through_its_lifecycle
{
    [Fact]
    public void a_planned_audit_starts_once()
    {
        AuditRules.CanStart(AuditStory.Planned()).ShouldBeNull();
        var refusal = AuditRules.CanStart(AuditStory.Started()).ShouldNotBeNull();
        refusal.Message.ShouldBe("seul un audit planifié peut être démarré (cet audit est en cours)");
    }

    [Fact]
    public void findings_are_recorded_on_a_started_audit_only()
    {
        AuditRules.CanRecordFinding(AuditStory.Started()).ShouldBeNull();
        AuditRules.CanRecordFinding(AuditStory.Planned())!.Message.ShouldContain("audit en cours (cet audit est planifié)");
    }

    [Fact]
    public void refuses_favorable_while_a_major_nc_is_open()
    {
        var audit = AuditStory.Started();
        audit.Record(FindingCategory.MajorNc);
        var refusal = AuditRules.CanConclude(audit, AuditConclusion.Favorable).ShouldNotBeNull();
        refusal.Field.ShouldBe("conclusion");
        refusal.Message.ShouldBe("« avis favorable » est impossible : une NC majeure est ouverte (fiche n° FE-01) ; " +
            "avis possibles : « avis favorable sous réserve de la levée des NC majeures » ou « avis défavorable »");
        AuditRules.CanConclude(audit, AuditConclusion.Unfavorable).ShouldBeNull();
    }

    [Fact]
    public void allows_favorable_once_the_major_nc_is_lifted_or_withdrawn()
    {
        var audit = AuditStory.Started();
        var lifted = audit.Record(FindingCategory.MajorNc);
        audit.Complete(lifted, audit.Act(lifted), "photo de l'affichage");
        audit.Lift(lifted);
        var withdrawn = audit.Record(FindingCategory.MajorNc);
        audit.Apply(new FindingWithdrawn(audit.Id, withdrawn.Id, "erreur de saisie", "auditor", AuditStory.FindingAt));
        AuditRules.CanConclude(audit, AuditConclusion.Favorable).ShouldBeNull();
    }

    [Fact]
    public void only_a_started_audit_concludes()
        => AuditRules.CanConclude(AuditStory.Planned(), AuditConclusion.Unfavorable)!.Message.ShouldContain("seul un audit en cours peut être conclu");

    [Fact]
    public void an_audit_closes_once_concluded_with_every_nc_lifted_and_action_done()
    {
        var audit = AuditStory.Started();
        AuditRules.CanClose(audit)!.Message.ShouldContain("seul un audit conclu peut être clôturé");
        var nc = audit.Record(FindingCategory.MinorNc);
        var ps = audit.Record("PS");
        var psAction = audit.Act(ps);
        audit.Concluded(AuditConclusion.FavorableWithReservations, AuditStory.FindingAt.AddDays(1));
        AuditRules.CanClose(audit)!.Message.ShouldBe("clôture impossible : 1 non-conformité(s) encore ouverte(s)");
        audit.Complete(nc, audit.Act(nc), null);
        audit.Lift(nc);
        AuditRules.CanClose(audit)!.Message.ShouldBe("clôture impossible : 1 action(s) corrective(s) encore ouverte(s)");
        audit.Complete(ps, psAction, null);
        AuditRules.CanClose(audit).ShouldBeNull();
    }
}

public sealed class when_lifting_a_finding
{
    [Fact]
    public void refuses_while_an_action_is_open()
    {
        var audit = AuditStory.Started();
        var nc = audit.Record(FindingCategory.MinorNc);
        audit.Act(nc);
        AuditRules.CanCloseFinding(audit, nc)!.Message.ShouldBe("le constat ne peut être levé tant qu'une action corrective est ouverte (1 ouverte)");
    }

    [Fact]
    public void an_nc_needs_a_corrective_action_plan()
    {
        var audit = AuditStory.Started();
        AuditRules.CanCloseFinding(audit, audit.Record(FindingCategory.MinorNc))!.Message.ShouldContain("plan d'actions correctives");
        AuditRules.CanCloseFinding(audit, audit.Record("PF")).ShouldBeNull();
    }

    [Fact]
    public void a_major_nc_needs_proof_on_every_action()
    {
        var audit = AuditStory.Started();
        var major = audit.Record(FindingCategory.MajorNc);
        audit.Complete(major, audit.Act(major), "registre des appels");
        audit.Complete(major, audit.Act(major), null);
        var refusal = AuditRules.CanCloseFinding(audit, major).ShouldNotBeNull();
        refusal.Field.ShouldBe("proof");
        refusal.Message.ShouldBe("une NC majeure ne se lève qu'avec une preuve de correction sur chaque action");
    }

    [Fact]
    public void a_minor_nc_lifts_once_its_actions_are_done_even_without_proof()
    {
        var audit = AuditStory.Started();
        var minor = audit.Record(FindingCategory.MinorNc);
        audit.Complete(minor, audit.Act(minor), null);
        AuditRules.CanCloseFinding(audit, minor).ShouldBeNull();
    }

    [Fact]
    public void a_lifted_or_withdrawn_finding_no_longer_changes()
    {
        var audit = AuditStory.Started();
        var pf = audit.Record("PF");
        audit.Lift(pf);
        AuditRules.CanChangeFinding(audit, pf)!.Message.ShouldBe("ce constat est levé : il ne peut plus être modifié");
        var pp = audit.Record("PP");
        audit.Apply(new FindingWithdrawn(audit.Id, pp.Id, "doublon", "auditor", AuditStory.FindingAt));
        AuditRules.CanChangeFinding(audit, pp)!.Message.ShouldBe("ce constat est retiré : il ne peut plus être modifié");
        pp.History.Select(h => h.Kind).ShouldBe([FindingRevisionKind.Recorded, FindingRevisionKind.Withdrawn]);
        pp.History[1].Reason.ShouldBe("doublon");
    }
}

public sealed class when_planning_corrective_actions
{
    private static readonly AuditOptions Defaults = new() { DefaultDueMonths = new() { [FindingCategory.MinorNc.Wire()] = 3, [FindingCategory.MajorNc.Wire()] = 1 } };

    [Fact]
    public void actions_are_for_ncs_and_optionally_ps_and_pv()
    {
        var audit = AuditStory.Started();
        foreach (var category in new[] { "NC_MINEURE", "NC_MAJEURE", "PS", "PV" })
            AuditRules.CanAddAction(audit, audit.Record(category)).ShouldBeNull();
        AuditRules.CanAddAction(audit, audit.Record("PF"))!.Message
            .ShouldBe("les actions correctives concernent les NC, points sensibles et points de vigilance, pas un point fort");
    }

    [Fact]
    public void the_default_due_date_counts_from_the_finding_until_the_audit_concludes()
    {
        var audit = AuditStory.Started();
        var minor = audit.Record(FindingCategory.MinorNc);
        var major = audit.Record(FindingCategory.MajorNc);
        AuditRules.DefaultDueOn(audit, minor, Defaults).ShouldBe(new DateOnly(2018, 1, 16));
        AuditRules.DefaultDueOn(audit, major, Defaults).ShouldBe(new DateOnly(2017, 11, 16));
        AuditRules.DefaultDueOn(audit, audit.Record("PS"), Defaults).ShouldBeNull();

        audit.Concluded(AuditConclusion.Unfavorable, new DateTimeOffset(2017, 10, 20, 15, 0, 0, TimeSpan.Zero));
        AuditRules.DefaultDueOn(audit, minor, Defaults).ShouldBe(new DateOnly(2018, 1, 20));
        AuditRules.DefaultDueOn(audit, major, Defaults).ShouldBe(new DateOnly(2017, 11, 20));
    }

    [Theory]
    [InlineData(89, "échéance dans 3 mois")] // 1 February → 1 May 2018
    [InlineData(45, "échéance dans 1 mois")]
    [InlineData(21, "échéance dans 3 semaines")]
    [InlineData(2, "échéance dans 2 jours")]
    [InlineData(0, "échéance aujourd'hui")]
    [InlineData(-2, "en retard de 2 jours")]
    [InlineData(-1, "en retard de 1 jour")]
    [InlineData(-62, "en retard de 2 mois")]
    public void the_due_date_reads_in_french(int daysLeft, string phrase)
    {
        var today = new DateOnly(2018, 2, 1);
        var action = new CorrectiveAction { DueOn = today.AddDays(daysLeft) };
        AuditCalendar.DuePhrase(action, today).ShouldBe(phrase);
        AuditCalendar.IsOverdue(action, today).ShouldBe(daysLeft < 0);
    }

    [Fact]
    public void a_done_action_reads_its_date_and_is_never_overdue()
    {
        var action = new CorrectiveAction { DueOn = new DateOnly(2018, 1, 1), CompletedAt = new DateTimeOffset(2018, 3, 5, 10, 0, 0, TimeSpan.Zero) };
        AuditCalendar.DuePhrase(action, new DateOnly(2018, 4, 1)).ShouldBe("réalisée le 5 mars 2018");
        AuditCalendar.IsOverdue(action, new DateOnly(2018, 4, 1)).ShouldBeFalse();
    }
}

public sealed class when_deriving_the_label_status
{
    private static readonly DateTimeOffset Concluded = new(2018, 1, 20, 16, 0, 0, TimeSpan.Zero);

    [Fact]
    public void a_site_without_audit_is_in_preparation()
        => LabelStatus.Of([], Concluded).ShouldBe(new SiteLabel("in_preparation", "en préparation", null, null));

    [Fact]
    public void a_planned_audit_gives_audit_planned_and_the_next_audit_date()
    {
        var label = LabelStatus.Of([AuditStory.Planned(on: new DateOnly(2018, 1, 22)), AuditStory.Planned(on: new DateOnly(2017, 10, 16))], Concluded);
        label.Status.ShouldBe("audit_planned");
        label.StatusLabel.ShouldBe("audit planifié");
        label.NextAudit.ShouldBe(new DateOnly(2017, 10, 16));
    }

    [Fact]
    public void an_audit_under_way_reads_in_progress_and_says_when_a_major_nc_is_open_in_it()
    {
        var started = AuditStory.Started();
        var label = LabelStatus.Of([started, AuditStory.Planned(AuditKind.Afnor, new DateOnly(2018, 3, 1))], Concluded);
        label.Status.ShouldBe("audit_in_progress");
        label.StatusLabel.ShouldBe("audit en cours");
        label.NextAudit.ShouldBe(new DateOnly(2018, 3, 1));

        started.Record(FindingCategory.MajorNc);
        label = LabelStatus.Of([started], Concluded);
        label.Status.ShouldBe("audit_in_progress");
        label.StatusLabel.ShouldBe("audit en cours, NC majeure ouverte");
    }

    [Fact]
    public void a_concluded_audit_with_an_open_major_nc_blocks_even_a_labelled_site()
    {
        var afnor = AuditStory.Started(AuditKind.Afnor).Concluded(AuditConclusion.Favorable, Concluded);
        var @internal = AuditStory.Started();
        @internal.Record(FindingCategory.MajorNc);
        LabelStatus.Of([afnor], Concluded.AddDays(1)).Status.ShouldBe("labelled");
        @internal.Concluded(AuditConclusion.Unfavorable, Concluded.AddMonths(2));
        LabelStatus.Of([afnor, @internal], Concluded.AddMonths(3)).Status.ShouldBe("blocked");
    }

    [Theory]
    [InlineData(AuditConclusion.Favorable)]
    [InlineData(AuditConclusion.FavorableWithReservations)]
    public void a_favourable_afnor_audit_labels_for_one_year_then_expires(AuditConclusion conclusion)
    {
        var afnor = AuditStory.Started(AuditKind.Afnor).Concluded(conclusion, Concluded);
        var labelled = LabelStatus.Of([afnor], Concluded.AddDays(364));
        labelled.Status.ShouldBe("labelled");
        labelled.ValidUntil.ShouldBe(Concluded.AddYears(1));
        var expired = LabelStatus.Of([afnor], Concluded.AddYears(1));
        expired.Status.ShouldBe("expired");
        expired.StatusLabel.ShouldBe("label expiré");
    }

    [Fact]
    public void a_favourable_internal_audit_or_an_unfavourable_afnor_one_grants_nothing()
    {
        var @internal = AuditStory.Started().Concluded(AuditConclusion.Favorable, Concluded);
        LabelStatus.Of([@internal], Concluded).Status.ShouldBe("in_preparation");
        var afnor = AuditStory.Started(AuditKind.Afnor).Concluded(AuditConclusion.Unfavorable, Concluded);
        LabelStatus.Of([@internal, afnor], Concluded).Status.ShouldBe("in_preparation");
        LabelStatus.Of([@internal, afnor, AuditStory.Planned(AuditKind.Afnor)], Concluded).Status.ShouldBe("audit_planned");
    }

    [Fact]
    public void the_latest_afnor_audit_decides()
    {
        var first = AuditStory.Started(AuditKind.Afnor).Concluded(AuditConclusion.Favorable, Concluded);
        var renewal = AuditStory.Started(AuditKind.Afnor).Concluded(AuditConclusion.Unfavorable, Concluded.AddMonths(11));
        LabelStatus.Of([first, renewal], Concluded.AddMonths(11).AddDays(1)).Status.ShouldBe("in_preparation");
    }
}
