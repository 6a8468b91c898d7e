// The GPS position a JPEG photo records, read in the browser from its EXIF header, so that the report
// form can offer it as the place before anything is sent (mapping/static/mapping/js/photo-place.js).
//
// Only what that needs: the JPEG's APP1 "Exif" segment, its TIFF header (either byte order), IFD0's
// pointer to the GPS IFD, and there GPSLatitudeRef/GPSLatitude and GPSLongitudeRef/GPSLongitude (tags
// 1–4: an ASCII letter and three rationals). Every read is checked against the segment's end, so a
// malformed or truncated file gives null, never an exception or a long loop. The server reads the same
// position with Pillow (mapping/reports/photos.py) when the form is sent without this script.

// An APP1 segment holds at most 64 KB; the segments before it are small. The rest of the file is not read.
export const HEAD_BYTES = 256 * 1024;
const MAX_SEGMENTS = 64;
const MAX_ENTRIES = 1000;
const GPS_IFD_TAG = 0x8825;
const RATIONAL = 5;
const SRATIONAL = 10;
const ASCII = 2;

// A view of bytes [start, end) of the buffer in one byte order; null for any read outside it.
function tiffReader(view, start, end, little) {
    const fits = (offset, size) => Number.isInteger(offset) && offset >= 0 && start + offset + size <= end;
    return {
        u16: (offset) => (fits(offset, 2) ? view.getUint16(start + offset, little) : null),
        u32: (offset) => (fits(offset, 4) ? view.getUint32(start + offset, little) : null),
        i32: (offset) => (fits(offset, 4) ? view.getInt32(start + offset, little) : null),
        u8: (offset) => (fits(offset, 1) ? view.getUint8(start + offset) : null),
    };
}

// {tag: {type, count, valueAt}} of the IFD at `offset` (valueAt: where the value is, inline or not).
function readIfd(tiff, offset) {
    const count = tiff.u16(offset);
    if (count === null || count > MAX_ENTRIES) return null;
    const entries = new Map();
    for (let index = 0; index < count; index += 1) {
        const at = offset + 2 + index * 12;
        const tag = tiff.u16(at);
        const type = tiff.u16(at + 2);
        const items = tiff.u32(at + 4);
        if (tag === null || type === null || items === null) return null;
        const size = { 1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 7: 1, 9: 4, 10: 8, 13: 4 }[type] || 0;
        const inline = size * items <= 4;
        entries.set(tag, { type, count: items, valueAt: inline ? at + 8 : tiff.u32(at + 8) });
    }
    return entries;
}

// "N", "S", "E" or "W" from an ASCII entry; null otherwise.
function reference(tiff, entry) {
    if (!entry || entry.type !== ASCII || entry.count < 1) return null;
    const code = tiff.u8(entry.valueAt);
    return code === null ? null : String.fromCharCode(code).toUpperCase();
}

// Degrees from one to three rationals (degrees, minutes, seconds); null when malformed or out of range.
function degrees(tiff, entry, limit) {
    if (!entry || (entry.type !== RATIONAL && entry.type !== SRATIONAL) || entry.count < 1 || entry.count > 3) {
        return null;
    }
    const read = entry.type === RATIONAL ? tiff.u32 : tiff.i32;
    let total = 0;
    for (let index = 0; index < entry.count; index += 1) {
        const numerator = read(entry.valueAt + index * 8);
        const denominator = read(entry.valueAt + index * 8 + 4);
        if (numerator === null || denominator === null || denominator === 0) return null;
        const part = numerator / denominator;
        if (!Number.isFinite(part) || part < 0) return null;
        total += part / 60 ** index;
    }
    return total <= limit ? total : null;
}

// The GPS position in the TIFF structure at bytes [start, end), or null.
function gpsFromTiff(view, start, end) {
    if (end - start < 8) return null;
    const order = view.getUint16(start, false);
    if (order !== 0x4949 && order !== 0x4d4d) return null; // "II" little-endian, "MM" big-endian
    const tiff = tiffReader(view, start, end, order === 0x4949);
    if (tiff.u16(2) !== 42) return null;
    const ifd0 = readIfd(tiff, tiff.u32(4));
    const pointer = ifd0 && ifd0.get(GPS_IFD_TAG);
    if (!pointer || pointer.count !== 1) return null;
    const gpsOffset = pointer.type === 3 ? tiff.u16(pointer.valueAt) : tiff.u32(pointer.valueAt);
    const gps = gpsOffset === null ? null : readIfd(tiff, gpsOffset);
    if (!gps) return null;
    const latRef = reference(tiff, gps.get(1));
    const lngRef = reference(tiff, gps.get(3));
    let latitude = degrees(tiff, gps.get(2), 90);
    let longitude = degrees(tiff, gps.get(4), 180);
    if (latitude === null || longitude === null || !["N", "S"].includes(latRef) || !["E", "W"].includes(lngRef)) {
        return null;
    }
    // 0, 0 is what some cameras write when they had no fix.
    if (latitude === 0 && longitude === 0) return null;
    if (latRef === "S") latitude = -latitude;
    if (lngRef === "W") longitude = -longitude;
    return { latitude, longitude };
}

// {latitude, longitude} in decimal degrees from the first bytes of a JPEG file (an ArrayBuffer), or null
// when it is not a JPEG, has no EXIF GPS position, or is malformed.
export function gpsFromJpeg(buffer) {
    if (!(buffer instanceof ArrayBuffer) || buffer.byteLength < 4) return null;
    const view = new DataView(buffer);
    if (view.getUint16(0, false) !== 0xffd8) return null; // SOI
    let offset = 2;
    for (let segment = 0; segment < MAX_SEGMENTS && offset + 4 <= view.byteLength; segment += 1) {
        if (view.getUint8(offset) !== 0xff) return null;
        const marker = view.getUint8(offset + 1);
        if (marker === 0xff) {
            offset += 1; // a fill byte before the marker
            continue;
        }
        if (marker === 0xda || marker === 0xd9) return null; // the image data or its end: no EXIF before
        if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
            offset += 2; // markers without a length
            continue;
        }
        const length = view.getUint16(offset + 2, false); // counts its own two bytes
        if (length < 2) return null;
        const start = offset + 4;
        const end = Math.min(offset + 2 + length, view.byteLength);
        if (marker === 0xe1 && end - start >= 14 && view.getUint32(start, false) === 0x45786966 // "Exif"
            && view.getUint16(start + 4, false) === 0) {
            const found = gpsFromTiff(view, start + 6, end);
            if (found) return found;
        }
        offset += 2 + length;
    }
    return null;
}

// The GPS position of a chosen photo (a File), read from its first HEAD_BYTES only; null when it has none.
export async function readPhotoGps(file) {
    try {
        const head = await file.slice(0, HEAD_BYTES).arrayBuffer();
        return gpsFromJpeg(head);
    } catch (error) {
        return null;
    }
}
