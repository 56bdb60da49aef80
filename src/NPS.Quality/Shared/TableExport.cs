using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http.Features;
using SpreadCheetah;
using SpreadCheetah.Styling;
using SpreadCheetah.Worksheets;

namespace NPS.Quality.Shared;

/// <summary>What a column holds: its cells are written as text, numbers, shares (0–1, shown as %), dates or instants.</summary>
public enum CellKind { Text, Number, Share, Date, Instant }

public sealed record ExportColumn(string Header, CellKind Kind = CellKind.Text, double Width = 14);

/// <summary>
/// Writes a table as a spreadsheet, row by row straight to the response (memory stays bounded whatever the row count):
/// <c>csv</c> as French Excel opens it (UTF-8 with BOM, <c>;</c>, decimal comma, <c>jj/mm/aaaa hh:mm:ss</c>, CRLF), or
/// <c>xlsx</c> (SpreadCheetah: real numbers and dates in cells, a bold header row, frozen panes, column widths).
/// Instants are written as Paris wall-clock time. A text cell that a spreadsheet would take for a formula
/// (<c>= + - @</c> first) is written after a space, which the import trims: it stays text and re-imports unchanged.
/// </summary>
public abstract class TableExport : IAsyncDisposable
{
    public const string CsvType = "text/csv; charset=utf-8";
    public const string XlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>The format asked for (<c>csv</c> when absent), or null with the French error.</summary>
    public static (string? Format, FieldError? Error) ReadFormat(string? format)
    {
        var f = string.IsNullOrWhiteSpace(format) ? "csv" : format.Trim().ToLowerInvariant();
        return f is "csv" or "xlsx" ? (f, null) : (null, new FieldError("format", "format inconnu : csv ou xlsx", Value: format));
    }

    /// <summary>Sets the answer's headers (type, file name) and starts the table on its body.</summary>
    public static async Task<TableExport> StartAsync(HttpResponse response, string format, string fileName, string sheet,
        IReadOnlyList<ExportColumn> columns, CancellationToken ct)
    {
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = format == "xlsx" ? XlsxType : CsvType;
        response.Headers.ContentDisposition = $"attachment; filename=\"{fileName}.{format}\"";
        // The zip writer may flush synchronously at its very end.
        var control = response.HttpContext.Features.Get<IHttpBodyControlFeature>();
        if (control is not null) control.AllowSynchronousIO = true;
        return await StartAsync(response.Body, format, sheet, columns, ct);
    }

    public static async Task<TableExport> StartAsync(Stream body, string format, string sheet, IReadOnlyList<ExportColumn> columns, CancellationToken ct)
    {
        TableExport table = format == "xlsx" ? await XlsxTable.CreateAsync(body, sheet, columns, ct) : new CsvTable(body, columns);
        await table.HeaderAsync(ct);
        return table;
    }

    protected IReadOnlyList<ExportColumn> Columns { get; }

    protected TableExport(IReadOnlyList<ExportColumn> columns) => Columns = columns;

    protected abstract ValueTask HeaderAsync(CancellationToken ct);

    /// <summary>One row: <c>string</c>, numbers, <c>DateOnly</c>, <c>DateTimeOffset</c>, <c>bool</c> or null, one per column.</summary>
    public abstract ValueTask RowAsync(object?[] values, CancellationToken ct);

    public abstract ValueTask FinishAsync(CancellationToken ct);

    public virtual ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>Text a spreadsheet would not take for a formula (a leading space, which the import trims).</summary>
    public static string Safe(string text) => text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? " " + text : text;

    protected static DateTime Wall(DateTimeOffset instant) => ParisTime.LocalTime(instant);

    private sealed class CsvTable : TableExport
    {
        private readonly StreamWriter _writer;
        private readonly StringBuilder _line = new();

        public CsvTable(Stream body, IReadOnlyList<ExportColumn> columns) : base(columns)
            => _writer = new StreamWriter(body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), 64 * 1024, leaveOpen: true) { NewLine = "\r\n" };

        protected override ValueTask HeaderAsync(CancellationToken ct) => WriteAsync(Columns.Select(c => c.Header).ToArray<object?>());

        public override ValueTask RowAsync(object?[] values, CancellationToken ct) => WriteAsync(values);

        private async ValueTask WriteAsync(object?[] values)
        {
            _line.Clear();
            for (var i = 0; i < values.Length; i++)
            {
                if (i > 0) _line.Append(';');
                _line.Append(Field(values[i], i < Columns.Count ? Columns[i].Kind : CellKind.Text));
            }
            await _writer.WriteLineAsync(_line);
        }

        private static string Field(object? value, CellKind kind) => value switch
        {
            null => "",
            string s => Quote(Safe(s)),
            decimal d => d.ToString("0.############", Fr.Culture),
            double d when kind == CellKind.Share => d.ToString("0.####", Fr.Culture),
            double d => d.ToString("0.############", Fr.Culture),
            int n => n.ToString(CultureInfo.InvariantCulture),
            long n => n.ToString(CultureInfo.InvariantCulture),
            bool b => b ? "oui" : "non",
            DateOnly day => day.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture),
            DateTimeOffset instant => Wall(instant).ToString("dd/MM/yyyy HH:mm:ss", CultureInfo.InvariantCulture),
            _ => Quote(Safe(Convert.ToString(value, CultureInfo.InvariantCulture) ?? "")),
        };

        private static string Quote(string text)
            => text.AsSpan().IndexOfAny(";\"\r\n") >= 0 || (text.Length > 0 && char.IsWhiteSpace(text[^1]))
                ? "\"" + text.Replace("\"", "\"\"") + "\""
                : text;

        public override async ValueTask FinishAsync(CancellationToken ct) => await _writer.FlushAsync(ct);

        public override async ValueTask DisposeAsync() => await _writer.DisposeAsync();
    }

    private sealed class XlsxTable : TableExport
    {
        private readonly Spreadsheet _book;
        private readonly StyleId _header, _instant, _date, _share;
        private readonly Cell[] _cells;

        private XlsxTable(Spreadsheet book, IReadOnlyList<ExportColumn> columns) : base(columns)
        {
            _book = book;
            _header = book.AddStyle(new Style { Font = { Bold = true } });
            _instant = book.AddStyle(new Style { Format = NumberFormat.Custom("dd/mm/yyyy hh:mm:ss") });
            _date = book.AddStyle(new Style { Format = NumberFormat.Custom("dd/mm/yyyy") });
            _share = book.AddStyle(new Style { Format = NumberFormat.Custom("0.0%") });
            _cells = new Cell[columns.Count];
        }

        public static async Task<XlsxTable> CreateAsync(Stream body, string sheet, IReadOnlyList<ExportColumn> columns, CancellationToken ct)
        {
            var book = await Spreadsheet.CreateNewAsync(body, new SpreadCheetahOptions { BufferSize = 64 * 1024 }, ct);
            var table = new XlsxTable(book, columns);
            var options = new WorksheetOptions { FrozenRows = 1 };
            for (var i = 0; i < columns.Count; i++) options.Column(i + 1).Width = columns[i].Width;
            await book.StartWorksheetAsync(sheet, options, ct);
            return table;
        }

        protected override async ValueTask HeaderAsync(CancellationToken ct)
            => await _book.AddRowAsync(Columns.Select(c => new Cell(c.Header, _header)).ToArray(), ct);

        public override async ValueTask RowAsync(object?[] values, CancellationToken ct)
        {
            for (var i = 0; i < _cells.Length; i++)
                _cells[i] = Cell(i < values.Length ? values[i] : null, Columns[i].Kind);
            await _book.AddRowAsync(_cells, ct);
        }

        private Cell Cell(object? value, CellKind kind) => value switch
        {
            null => new Cell(),
            string s => new Cell(s),
            decimal d => new Cell(d),
            double d => kind == CellKind.Share ? new Cell(d, _share) : new Cell(d),
            int n => new Cell(n),
            long n => new Cell(n),
            bool b => new Cell(b ? "oui" : "non"),
            DateOnly day => new Cell(day.ToDateTime(TimeOnly.MinValue), _date),
            DateTimeOffset instant => new Cell(Wall(instant), _instant),
            _ => new Cell(Convert.ToString(value, CultureInfo.InvariantCulture)),
        };

        public override async ValueTask FinishAsync(CancellationToken ct) => await _book.FinishAsync(ct);

        public override async ValueTask DisposeAsync() => await _book.DisposeAsync();
    }
}
