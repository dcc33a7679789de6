import { PDFDocument, type PDFFont, type PDFPage, rgb, StandardFonts } from "pdf-lib";
import { formatIdr, formatLocalTime, pdfSafe } from "./format";
import type { CreateDocumentBody } from "./receipts";

const PAGE: [number, number] = [420, 595]; // A5 portrait, in points
const MARGIN = 36;
const GREY = rgb(0.4, 0.4, 0.4);

type Fonts = { regular: PDFFont; bold: PDFFont };

function textRight(page: PDFPage, text: string, y: number, font: PDFFont, size: number): void {
	const safe = pdfSafe(text);
	page.drawText(safe, { x: PAGE[0] - MARGIN - font.widthOfTextAtSize(safe, size), y, size, font });
}

function textLeft(page: PDFPage, text: string, y: number, font: PDFFont, size: number, grey = false): void {
	page.drawText(pdfSafe(text), { x: MARGIN, y, size, font, ...(grey ? { color: GREY } : {}) });
}

function rule(page: PDFPage, y: number): void {
	page.drawLine({ start: { x: MARGIN, y }, end: { x: PAGE[0] - MARGIN, y }, thickness: 0.5, color: GREY });
}

/**
 * A receipt (one page unless it has many lines) with the standard Helvetica fonts (nothing embedded, so it stays a few
 * kilobytes): title, document and booking ids, issue time in the customer's zone, customer,
 * one row per line and the total.
 */
export async function renderReceipt(documentId: string, request: CreateDocumentBody): Promise<Uint8Array> {
	const pdf = await PDFDocument.create();
	pdf.setTitle(pdfSafe(request.title));
	pdf.setCreator("Order Orchestrator sandbox document generator");
	pdf.setCreationDate(new Date(request.issuedAt));
	const fonts: Fonts = {
		regular: await pdf.embedFont(StandardFonts.Helvetica),
		bold: await pdf.embedFont(StandardFonts.HelveticaBold),
	};
	let page = pdf.addPage(PAGE);
	let y = PAGE[1] - MARGIN - 16;
	textLeft(page, request.title, y, fonts.bold, 16);
	y -= 22;
	textLeft(page, `Receipt ${documentId}`, y, fonts.regular, 9, true);
	y -= 13;
	textLeft(page, `Booking ${request.bookingId}`, y, fonts.regular, 9, true);
	y -= 13;
	textLeft(page, `Issued ${formatLocalTime(request.issuedAt, request.timeZone)}`, y, fonts.regular, 9, true);
	y -= 26;
	textLeft(page, "Billed to", y, fonts.bold, 10);
	y -= 14;
	textLeft(page, request.customer.name, y, fonts.regular, 10);
	y -= 13;
	textLeft(page, request.customer.email, y, fonts.regular, 10);
	y -= 22;
	rule(page, y);
	for (const line of request.lines) {
		y -= 18;
		if (y < MARGIN + 40) {
			page = pdf.addPage(PAGE);
			y = PAGE[1] - MARGIN - 10;
		}
		textLeft(page, line.label, y, fonts.regular, 10);
		textRight(page, formatIdr(line.amount), y, fonts.regular, 10);
	}
	y -= 10;
	rule(page, y);
	y -= 20;
	textLeft(page, "Total", y, fonts.bold, 12);
	textRight(page, formatIdr(request.total), y, fonts.bold, 12);
	return pdf.save();
}
