using System.IO.Compression;
using System.Text;

namespace ValueChain.Data.Improve.Import;

/// <summary>Opens event log files for streaming, gzip-compressed or not.</summary>
public static class EventLogFiles
{
    private const int BufferSize = 1 << 16;

    /// <summary>XES files end in <c>.xes</c> (or <c>.xes.gz</c>); anything else is read as CSV.</summary>
    public static bool IsXes(string path)
    {
        var name = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? path[..^3] : path;
        return name.EndsWith(".xes", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// A reader over the file's text, decompressed on the fly when the file is gzip (told by its first two bytes, not
    /// its name). UTF-8 unless a byte order mark says otherwise.
    /// </summary>
    public static TextReader OpenText(string path)
    {
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize, FileOptions.SequentialScan);
        try
        {
            Span<byte> magic = stackalloc byte[2];
            var gzip = file.Read(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
            file.Position = 0;
            Stream stream = gzip ? new GZipStream(file, CompressionMode.Decompress) : file;
            return new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, BufferSize);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }
}
