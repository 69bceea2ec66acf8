using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SlaKpiDsl.LanguageServer.Protocol;

/// <summary>One framed message as read: its parsed JSON, or why it could not be read (then <see cref="Json"/> is null).</summary>
public sealed record IncomingMessage(JsonNode? Json, string? ParseError);

/// <summary>
/// The base protocol of LSP: <c>Content-Length: N\r\n\r\n</c> then N bytes of UTF-8 JSON. Reads never throw on bad
/// input: a body that is not JSON comes back as <see cref="IncomingMessage.ParseError"/> (answered with -32700), a
/// header without a length is skipped to the next blank line. A body above <see cref="MaxMessageBytes"/> is read and
/// discarded (reported as a parse error) so one huge message cannot exhaust memory.
/// </summary>
public sealed class MessageChannel(Stream input, Stream output)
{
    /// <summary>64 MiB: far above any contract (the server refuses documents above <see cref="Workspace.MaxDocumentLength"/> anyway).</summary>
    public const int MaxMessageBytes = 64 * 1024 * 1024;

    private readonly Stream _input = input;
    private readonly Stream _output = output;
    private readonly object _writeGate = new();
    private readonly byte[] _one = new byte[1];

    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>The next message; null at the end of the input.</summary>
    public IncomingMessage? Read()
    {
        while (true)
        {
            long? length = null;
            var sawHeader = false;
            while (true)
            {
                var line = ReadHeaderLine();
                if (line is null) return null;
                if (line.Length == 0)
                {
                    if (sawHeader) break;
                    continue; // stray blank lines between messages
                }
                sawHeader = true;
                var colon = line.IndexOf(':');
                if (colon > 0 && line[..colon].Trim().Equals("Content-Length", StringComparison.OrdinalIgnoreCase)
                    && long.TryParse(line[(colon + 1)..].Trim(), out var parsed) && parsed >= 0)
                {
                    length = parsed;
                }
            }
            if (length is null) return new IncomingMessage(null, "a message header without a valid Content-Length");
            if (length > MaxMessageBytes)
            {
                if (!Skip(length.Value)) return null;
                return new IncomingMessage(null, $"a message of {length} bytes, above the limit of {MaxMessageBytes}");
            }
            var body = new byte[length.Value];
            if (!ReadExactly(body)) return null;
            try
            {
                var node = JsonNode.Parse(body);
                return node is JsonObject ? new IncomingMessage(node, null) : new IncomingMessage(null, "the message is not a JSON object");
            }
            catch (JsonException exception)
            {
                return new IncomingMessage(null, "the message is not valid JSON: " + exception.Message);
            }
        }
    }

    public void Write(JsonNode message)
    {
        var body = Encoding.UTF8.GetBytes(message.ToJsonString());
        var header = Encoding.ASCII.GetBytes($"Content-Length: {body.Length}\r\n\r\n");
        lock (_writeGate)
        {
            _output.Write(header);
            _output.Write(body);
            _output.Flush();
        }
    }

    private string? ReadHeaderLine()
    {
        var bytes = new List<byte>();
        while (true)
        {
            if (_input.Read(_one, 0, 1) == 0) return bytes.Count == 0 ? null : Encoding.ASCII.GetString([.. bytes]);
            if (_one[0] == (byte)'\n')
            {
                if (bytes.Count > 0 && bytes[^1] == (byte)'\r') bytes.RemoveAt(bytes.Count - 1);
                return Encoding.ASCII.GetString([.. bytes]);
            }
            if (bytes.Count < 8192) bytes.Add(_one[0]);
        }
    }

    private bool ReadExactly(byte[] buffer)
    {
        var read = 0;
        while (read < buffer.Length)
        {
            var n = _input.Read(buffer, read, buffer.Length - read);
            if (n == 0) return false;
            read += n;
        }
        return true;
    }

    private bool Skip(long count)
    {
        var buffer = new byte[81920];
        while (count > 0)
        {
            var n = _input.Read(buffer, 0, (int)Math.Min(buffer.Length, count));
            if (n == 0) return false;
            count -= n;
        }
        return true;
    }
}
