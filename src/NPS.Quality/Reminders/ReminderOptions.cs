using MailKit.Security;

namespace NPS.Quality.Reminders;

/// <summary>
/// The <c>Reminders</c> section: the SMTP server (none by default: then nothing is sent and a log line says so), the
/// sender, TLS, the address of the service for links, and when the weekly digest leaves (Monday 07:00, Paris time).
/// </summary>
public sealed class ReminderOptions
{
    public const string Section = "Reminders";

    public SmtpOptions Smtp { get; set; } = new();

    /// <summary>The service as users reach it, for the links in the digest ("https://qualite.example.fr").</summary>
    public string BaseUrl { get; set; } = "http://127.0.0.1:5080";

    public DayOfWeek Day { get; set; } = DayOfWeek.Monday;

    public int Hour { get; set; } = 7;

    /// <summary>Schedule the weekly digest at start-up (on by default; the message is durable, deduplicated per week and per user).</summary>
    public bool Schedule { get; set; } = true;
}

public sealed class SmtpOptions
{
    /// <summary>Empty: no server configured, nothing is sent.</summary>
    public string? Host { get; set; }

    public int Port { get; set; } = 587;

    /// <summary>none, auto, starttls, starttls_when_available, ssl (MailKit's SecureSocketOptions).</summary>
    public string Tls { get; set; } = "starttls";

    public string? UserName { get; set; }

    public string? Password { get; set; }

    public string Sender { get; set; } = "NPS Qualité <qualite@nps.invalid>";

    public bool Configured => !string.IsNullOrWhiteSpace(Host);

    public SecureSocketOptions SecureSocket => Tls.Trim().ToLowerInvariant() switch
    {
        "none" => SecureSocketOptions.None,
        "auto" => SecureSocketOptions.Auto,
        "ssl" or "tls" or "sslonconnect" => SecureSocketOptions.SslOnConnect,
        "starttls_when_available" => SecureSocketOptions.StartTlsWhenAvailable,
        _ => SecureSocketOptions.StartTls,
    };
}
