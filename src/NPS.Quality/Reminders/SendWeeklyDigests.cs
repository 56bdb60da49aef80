using Marten;
using JasperFx;
using MimeKit;
using NPS.Quality.Access;
using NPS.Quality.Referentials;
using NPS.Quality.Shared;
using Wolverine;

namespace NPS.Quality.Reminders;

/// <summary>The week's digests: scheduled durably (Wolverine's scheduled messages), once per ISO week ("2026-W48").</summary>
public sealed record SendWeeklyDigests(string Week);

/// <summary>One user's digest of one week.</summary>
public sealed record SendDigest(string UserId, string Week);

/// <summary>A week whose digests were handed out (one per week, whichever node or process ran it first).</summary>
public sealed class DigestRun
{
    public string Id { get; set; } = "";
    public DateTimeOffset StartedAt { get; set; }
    public int Users { get; set; }
}

/// <summary>
/// One user's digest of one week, keyed <c>{userId}:{week}</c>: inserted (a unique key) before the message leaves, so
/// that a second node, a redelivery or a restart finds it and sends nothing. <c>SentAt</c> is set once the server took it.
/// </summary>
public sealed class DigestDelivery
{
    public string Id { get; set; } = "";
    public string UserId { get; set; } = "";
    public string Week { get; set; } = "";
    public string Email { get; set; } = "";
    public DateTimeOffset ClaimedAt { get; set; }
    public DateTimeOffset? SentAt { get; set; }
    public string? MessageId { get; set; }

    public static string KeyOf(string userId, string week) => $"{userId}:{week}";
}

public static class SendWeeklyDigestsHandler
{
    /// <summary>
    /// Runs a week once: the <see cref="DigestRun"/> document and the per-user messages commit together (outbox); a
    /// second copy of the message (another node's schedule, a restart's) finds the run and does nothing. Two copies at
    /// the same instant collide on the run's key; the retry then finds it. The next week is scheduled by the run.
    /// </summary>
    public static async Task<OutgoingMessages> Handle(SendWeeklyDigests message, IDocumentSession session, SmtpMailer mailer,
        ILogger<SendWeeklyDigests> logger, TimeProvider clock, CancellationToken ct)
    {
        var messages = new OutgoingMessages();
        if (await session.LoadAsync<DigestRun>(message.Week, ct) is not null)
        {
            logger.LogInformation("Résumé hebdomadaire {Week} déjà distribué : rien à faire.", message.Week);
            return messages;
        }
        var options = mailer.Options;
        var next = WeeklyDigest.NextWeek(message.Week);
        messages.Schedule(new SendWeeklyDigests(next), WeeklyDigest.SendInstant(next, options.Day, options.Hour));

        var users = mailer.Configured
            ? (await session.Query<AppUser>().Where(u => u.RevokedAt == null && u.Email != null).ToListAsync(ct)).Where(u => u.Reminders.Count > 0).ToList()
            : [];
        session.Insert(new DigestRun { Id = message.Week, StartedAt = clock.GetUtcNow(), Users = users.Count });
        if (!mailer.Configured)
        {
            logger.LogWarning("Aucun serveur SMTP configuré (Reminders:Smtp:Host) : le résumé hebdomadaire {Week} n'est envoyé à personne.", message.Week);
            return messages;
        }
        foreach (var user in users) messages.Add(new SendDigest(user.Id, message.Week));
        logger.LogInformation("Résumé hebdomadaire {Week} distribué : {Count} destinataires possibles.", message.Week, users.Count);
        return messages;
    }
}

public static class SendDigestHandler
{
    /// <summary>
    /// Sends one user's digest at most once: the delivery document is inserted and committed first (its key is unique:
    /// another node or a redelivery stops there), then the message leaves; if the server refuses it, the claim is
    /// withdrawn and Wolverine tries again. No session parameter: Wolverine opens no transaction around this handler.
    /// </summary>
    public static async Task Handle(SendDigest message, IDocumentStore store, SmtpMailer mailer, ReferentialCatalog catalog, TimeProvider clock,
        ILogger<SendDigest> logger, CancellationToken ct)
    {
        if (!mailer.Configured)
        {
            logger.LogWarning("Aucun serveur SMTP configuré (Reminders:Smtp:Host) : résumé de {User} non envoyé.", message.UserId);
            return;
        }
        var now = clock.GetUtcNow();
        Digest digest;
        await using (var query = store.QuerySession())
        {
            var user = await query.LoadAsync<AppUser>(message.UserId, ct);
            if (user is not { RevokedAt: null, Email: not null } || user.Reminders.Count == 0) return;
            digest = await DigestReads.ForAsync(query, catalog, user, now, ct) with { Week = message.Week };
        }
        if (digest.IsEmpty) return;

        var key = DigestDelivery.KeyOf(message.UserId, message.Week);
        var delivery = new DigestDelivery { Id = key, UserId = message.UserId, Week = message.Week, Email = digest.To.Email!, ClaimedAt = now };
        await using (var claim = store.LightweightSession())
        {
            claim.Insert(delivery);
            try
            {
                await claim.SaveChangesAsync(ct);
            }
            catch (Exception e) when (e is DocumentAlreadyExistsException || StoreFailures.IsUniqueViolation(e))
            {
                logger.LogInformation("Résumé {Key} déjà envoyé (ou en cours d'envoi ailleurs) : pas de second envoi.", key);
                return;
            }
        }

        var mail = DigestMail.Compose(digest, mailer.Sender, mailer.Options.BaseUrl);
        try
        {
            await mailer.SendAsync(mail, ct);
        }
        catch
        {
            await using var release = store.LightweightSession();
            release.Delete<DigestDelivery>(key);
            await release.SaveChangesAsync(CancellationToken.None);
            throw;
        }
        await using var done = store.LightweightSession();
        delivery.SentAt = clock.GetUtcNow();
        delivery.MessageId = mail.MessageId;
        done.Store(delivery);
        await done.SaveChangesAsync(ct);
    }
}

public static class DigestMail
{
    public static MimeMessage Compose(Digest digest, MailboxAddress sender, string baseUrl)
    {
        var message = new MimeMessage();
        message.From.Add(sender);
        message.To.Add(new MailboxAddress(digest.To.Name, digest.To.Email!));
        message.Subject = WeeklyDigest.Subject(digest);
        message.Headers.Add("X-NPS-Digest", DigestDelivery.KeyOf(digest.To.UserId, digest.Week));
        message.Body = new TextPart("plain") { Text = WeeklyDigest.Text(digest, baseUrl) };
        return message;
    }
}
