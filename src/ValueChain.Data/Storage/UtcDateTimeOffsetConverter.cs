using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace ValueChain.Data.Storage;

/// <summary>Writes every instant in UTC and reads it back as stored.</summary>
internal sealed class UtcDateTimeOffsetConverter() : ValueConverter<DateTimeOffset, DateTimeOffset>(v => v.ToUniversalTime(), v => v);
