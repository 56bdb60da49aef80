using NPS.Quality.Audits;
using Shouldly;

namespace NPS.Quality.Tests.Audits;

/// <summary>The label rules on conclusions, pure: what the API, the audit page and the dossier's closing statement share.</summary>
public sealed class when_concluding_by_the_label_rules
{
    private static readonly DateOnly ConcludedOn = new(2018, 1, 23);

    [Fact]
    public void with_a_major_nc_open_only_unfavourable_or_favourable_subject_to_its_lifting_are_allowed()
    {
        var audit = AuditStory.Started();
        audit.Record(FindingCategory.MajorNc);
        audit.Record(FindingCategory.MinorNc);
        ConclusionRules.Allowed(audit).ShouldBe([AuditConclusion.FavorableSubjectToMajorNcLifting, AuditConclusion.Unfavorable]);
        ConclusionRules.Check(audit, AuditConclusion.FavorableWithReservations).ShouldNotBeNull().Field.ShouldBe("conclusion");
        ConclusionRules.Check(audit, AuditConclusion.Favorable).ShouldNotBeNull();
        ConclusionRules.Check(audit, AuditConclusion.FavorableSubjectToMajorNcLifting).ShouldBeNull();
    }

    [Fact]
    public void with_a_minor_nc_open_favourable_needs_reservations()
    {
        var audit = AuditStory.Started();
        audit.Record(FindingCategory.MinorNc);
        ConclusionRules.Allowed(audit).ShouldBe([AuditConclusion.FavorableWithReservations, AuditConclusion.Unfavorable]);
        ConclusionRules.Check(audit, AuditConclusion.Favorable)!.Message
            .ShouldBe("« avis favorable » est impossible : une NC mineure est ouverte (fiche n° FE-01) ; avis possibles : « avis favorable avec réserves » ou « avis défavorable »");
    }

    [Fact]
    public void without_an_open_nc_the_conditional_opinion_makes_no_sense()
    {
        var audit = AuditStory.Started();
        audit.Record("PS");
        ConclusionRules.Allowed(audit).ShouldBe([AuditConclusion.Favorable, AuditConclusion.FavorableWithReservations, AuditConclusion.Unfavorable]);
        ConclusionRules.Check(audit, AuditConclusion.FavorableSubjectToMajorNcLifting)!.Message.ShouldContain("aucune non-conformité n'est ouverte");
    }

    [Fact]
    public void the_lifting_deadline_defaults_to_three_months_and_stays_within_six()
    {
        ConclusionRules.LiftDeadline(ConcludedOn, null).ShouldBe(new DateOnly(2018, 4, 23));
        ConclusionRules.LiftDeadline(ConcludedOn, new DateOnly(2018, 3, 1)).ShouldBe(new DateOnly(2018, 3, 1));
        ConclusionRules.CheckDeadline(ConcludedOn, ConcludedOn)!.Field.ShouldBe("liftBy");
        ConclusionRules.CheckDeadline(ConcludedOn, new DateOnly(2018, 7, 24))!.Message.ShouldContain("ne peut dépasser 6 mois");
        ConclusionRules.CheckDeadline(ConcludedOn, new DateOnly(2018, 7, 23)).ShouldBeNull();
    }

    [Fact]
    public void the_confirmation_states_the_consequence_with_the_sheets_and_the_deadline()
    {
        var audit = AuditStory.Started();
        audit.Record(FindingCategory.MajorNc);
        audit.Record(FindingCategory.MinorNc);
        audit.Record(FindingCategory.MajorNc);
        ConclusionRules.Consequence(audit, AuditConclusion.FavorableSubjectToMajorNcLifting, ConcludedOn, null).ShouldBe(
            "Le label ne sera pas accordé tant que les non-conformités majeures des fiches d'écart n° FE-01 et FE-03 ne seront pas levées sur preuve, " +
            "au plus tard le 23 avril 2018. Passé ce délai, l'avis devient défavorable.");
        ConclusionRules.Consequence(audit, AuditConclusion.Unfavorable, ConcludedOn, null).ShouldStartWith("Le label ne sera pas accordé ;");
    }

    [Fact]
    public void the_closing_statement_never_says_favourable_while_a_major_nc_is_open()
    {
        var audit = AuditStory.Started();
        var major = audit.Record(FindingCategory.MajorNc);
        audit.Apply(new AuditConcluded(audit.Id, AuditConclusion.FavorableSubjectToMajorNcLifting, null, "auditor",
            new DateTimeOffset(2018, 1, 23, 15, 0, 0, TimeSpan.Zero), new DateOnly(2018, 4, 23)));
        ConclusionRules.LabelStatement(audit, ConcludedOn).ShouldBe(
            "Avis favorable sous réserve de la levée des NC majeures. Le label n'est pas accordé tant que la non-conformité majeure de la fiche d'écart " +
            "n° FE-01 n'est pas levée sur preuve. Délai de levée : au plus tard le 23 avril 2018.");

        audit.Complete(major, audit.Act(major), "photo");
        audit.Lift(major);
        ConclusionRules.LabelStatement(audit, ConcludedOn).ShouldContain("la réserve est levée");
    }

    [Fact]
    public void an_audit_not_yet_concluded_with_a_major_nc_open_says_the_label_cannot_be_granted()
    {
        var audit = AuditStory.Started();
        audit.Record(FindingCategory.MajorNc);
        ConclusionRules.LabelStatement(audit, ConcludedOn).ShouldContain("Le label ne peut pas être accordé tant que la non-conformité majeure de la fiche d'écart n° FE-01");
    }
}

/// <summary>The facts of a deviation sheet, pure: numbering, what may be recorded on which finding, and what the effectiveness check decides.</summary>
public sealed class when_filling_in_a_deviation_sheet
{
    [Fact]
    public void ncs_are_numbered_per_audit_and_other_findings_get_no_sheet()
    {
        var audit = AuditStory.Started();
        var major = audit.Record(FindingCategory.MajorNc);
        var strong = audit.Record(FindingCategory.StrongPoint);
        var minor = audit.Record(FindingCategory.MinorNc);
        audit.Apply(new FindingWithdrawn(audit.Id, major.Id, "erreur", "auditor", AuditStory.FindingAt));
        var next = audit.Record(FindingCategory.MinorNc);
        (major.Sheet, strong.Sheet, minor.Sheet, next.Sheet).ShouldBe(("FE-01", null, "FE-02", "FE-03"));
    }

    [Fact]
    public void cause_correction_and_acknowledgement_belong_to_open_ncs()
    {
        var audit = AuditStory.Started();
        AuditRules.CanDocumentSheet(audit, audit.Record(FindingCategory.MinorNc)).ShouldBeNull();
        AuditRules.CanDocumentSheet(audit, audit.Record("PS"))!.Message.ShouldBe("les fiches d'écart concernent les non-conformités, pas un point sensible");
    }

    [Fact]
    public void effectiveness_is_checked_once_an_action_is_done()
    {
        var audit = AuditStory.Started();
        var nc = audit.Record(FindingCategory.MinorNc);
        var action = audit.Act(nc);
        AuditRules.CanCheckEffectiveness(audit, nc)!.Message.ShouldBe("l'efficacité se vérifie une fois une action corrective réalisée (aucune ne l'est)");
        audit.Complete(nc, action, "nouvelle affiche");
        AuditRules.CanCheckEffectiveness(audit, nc).ShouldBeNull();
    }

    [Fact]
    public void a_not_effective_check_keeps_the_nc_open_until_a_new_action_works()
    {
        var audit = AuditStory.Started();
        var nc = audit.Record(FindingCategory.MinorNc);
        audit.Complete(nc, audit.Act(nc), "affiche");
        var checkedAt = AuditStory.FindingAt.AddDays(15);
        audit.Apply(new EffectivenessChecked(audit.Id, nc.Id, new DateOnly(2017, 10, 31), "Anne Martin", false, "affiche illisible", "auditor", checkedAt));

        var refusal = AuditRules.CanCloseFinding(audit, nc).ShouldNotBeNull();
        refusal.Field.ShouldBe("effectiveness");
        refusal.Message.ShouldStartWith("la dernière vérification d'efficacité (31 octobre 2017, Anne Martin) a conclu à une action non efficace");
        AuditRules.CanCheckEffectiveness(audit, nc)!.Message.ShouldContain("réalisez d'abord une nouvelle action corrective");

        var second = audit.Act(nc);
        audit.Apply(new CorrectiveActionCompleted(audit.Id, nc.Id, second.Id, "écran en salle d'attente", "auditor", checkedAt.AddDays(5)));
        AuditRules.CanCheckEffectiveness(audit, nc).ShouldBeNull();
        audit.Apply(new EffectivenessChecked(audit.Id, nc.Id, new DateOnly(2017, 11, 20), "Anne Martin", true, null, "auditor", checkedAt.AddDays(6)));
        AuditRules.CanCloseFinding(audit, nc).ShouldBeNull();
        nc.Checks.Count.ShouldBe(2);
    }

    [Fact]
    public void the_facts_keep_who_and_when()
    {
        var audit = AuditStory.Started();
        var nc = audit.Record(FindingCategory.MajorNc);
        var at = AuditStory.FindingAt.AddDays(1);
        audit.Apply(new CauseAnalysed(audit.Id, nc.Id, "pas de relevé du système de file d'attente", "auditor", at));
        audit.Apply(new ImmediateCorrectionRecorded(audit.Id, nc.Id, "affichage manuel du temps d'attente", new DateOnly(2017, 10, 17), "auditor", at));
        audit.Apply(new FindingAcknowledged(audit.Id, nc.Id, "Claire Dubois", "responsable de site", new DateOnly(2017, 10, 17), "auditor", at));
        nc.Cause.ShouldBe(new SheetEntry("pas de relevé du système de file d'attente", "auditor", at));
        nc.Correction!.DoneOn.ShouldBe(new DateOnly(2017, 10, 17));
        nc.Acknowledgement!.Role.ShouldBe("responsable de site");
    }
}
