using MailKit.Net.Smtp;
using Microsoft.Extensions.Options;
using MimeKit;

namespace NPS.Quality.Reminders;

/// <summary>Sends one message through the configured SMTP server (MailKit); knows whether a server is configured at all.</summary>
public sealed class SmtpMailer(IOptionsMonitor<ReminderOptions> options)
{
    public ReminderOptions Options => options.CurrentValue;

    public bool Configured => Options.Smtp.Configured;

    public MailboxAddress Sender => MailboxAddress.Parse(Options.Smtp.Sender);

    public async Task SendAsync(MimeMessage message, CancellationToken ct)
    {
        var smtp = Options.Smtp;
        using var client = new SmtpClient();
        await client.ConnectAsync(smtp.Host!, smtp.Port, smtp.SecureSocket, ct);
        if (!string.IsNullOrEmpty(smtp.UserName)) await client.AuthenticateAsync(smtp.UserName, smtp.Password ?? "", ct);
        await client.SendAsync(message, ct);
        await client.DisconnectAsync(true, ct);
    }
}
