import { decisionReasons } from '../complaints/reasons';

const kept = decisionReasons['tidak-melanggar'];

/**
 * The dashboard's strings for complaints and authority orders (issue 14), kept apart so the
 * pages that use them stay in one place; ./i18n.ts spreads them into the one string table.
 * Reason labels are not repeated here: they come from ../complaints/reasons.ts, the list the
 * reporter's answer and the monthly report read too.
 */
export const complaintStrings = {
  timeLeft: { id: 'Sisa waktu', en: 'Time left' },
  overdueBy: { id: 'Lewat batas', en: 'Overdue by' },
  dueAt: { id: 'Batas waktu', en: 'Due' },
  hoursShort: { id: 'j', en: 'h' },
  minutesShort: { id: 'm', en: 'min' },
  decisionReason: { id: 'Alasan keputusan', en: 'Reason for the decision' },
  decisionReasonHelp: {
    id: `Menyetujui selalu tercatat "${kept.id}"; menolak butuh jenis pelanggarannya. Pelapor melihat alasan dan catatan ini.`,
    en: `Approving is always recorded as "${kept.en}"; rejecting needs the violation. The reporter sees this reason and note.`,
  },
  decisionNote: { id: 'Catatan untuk pelapor (opsional)', en: 'Note for the reporter (optional)' },
  chooseReason: { id: '(pilih alasan)', en: '(choose a reason)' },
  overdueComplaints: { id: 'Pengaduan lewat batas waktu', en: 'Complaints past their deadline' },
  overdueOrders: { id: 'Perintah otoritas lewat batas waktu', en: 'Authority orders past their deadline' },
  complaintReport: { id: 'Laporan bulanan pengaduan', en: 'Monthly complaint report' },
  complaintReportHelp: {
    id: 'Setiap laporan pembaca adalah pengaduan yang harus diputus dalam batas waktu situs (2×24 jam menurut Pedoman Pemberitaan Media Siber, kecuali diatur lebih cepat).',
    en: "Every reader report is a complaint to be decided within the site's deadline (2×24 hours under the Pedoman Pemberitaan Media Siber unless set sooner).",
  },
  month: { id: 'Bulan', en: 'Month' },
  received: { id: 'Diterima', en: 'Received' },
  handled: { id: 'Ditangani', en: 'Handled' },
  handledOnTime: { id: 'Tepat waktu', en: 'On time' },
  late: { id: 'Terlambat', en: 'Late' },
  stillOpen: { id: 'Belum diputus', en: 'Undecided' },
  onTimeShare: { id: '% tepat waktu', en: '% on time' },
  medianHours: { id: 'Median jam penanganan', en: 'Median hours to handle' },
  downloadCsv: { id: 'Unduh CSV', en: 'Download CSV' },
  downloadJson: { id: 'Unduh JSON', en: 'Download JSON' },
  orders: { id: 'Perintah otoritas', en: 'Authority orders' },
  ordersHelp: {
    id: 'Catatan ini hanya bisa ditambah: untuk membetulkan entri, catat entri baru yang mengoreksinya. Tindakan moderasi yang menjawab perintah ditautkan lewat nomor perintah.',
    en: 'This log can only grow: to fix an entry, record a new one that corrects it. Moderation actions that answer an order are linked by its number.',
  },
  recordOrder: { id: 'Catat perintah', en: 'Record an order' },
  issuer: { id: 'Penerbit', en: 'Issuer' },
  issuerKomdigi: { id: 'Komdigi', en: 'Komdigi' },
  issuerPolice: { id: 'Kepolisian', en: 'Police' },
  issuerCourt: { id: 'Pengadilan', en: 'Court' },
  issuerOther: { id: 'Lainnya', en: 'Other' },
  issuerName: { id: 'Nama penerbit (untuk "Lainnya")', en: 'Issuer name (for "Other")' },
  reference: { id: 'Nomor surat', en: 'Reference number' },
  receivedAt: { id: 'Diterima (waktu situs)', en: 'Received (site time)' },
  urgency: { id: 'Batas waktu', en: 'Deadline' },
  urgencyUrgent: { id: 'Mendesak (4 jam)', en: 'Urgent (4 hours)' },
  urgencyNormal: { id: 'Biasa (24 jam)', en: 'Normal (24 hours)' },
  urgencyCustom: { id: 'Waktu tertentu', en: 'Set time' },
  customDueAt: { id: 'Batas waktu tertentu (waktu situs)', en: 'Set deadline (site time)' },
  orderComments: { id: 'Nomor komentar (pisahkan dengan spasi)', en: 'Comment numbers (separated by spaces)' },
  orderArticles: { id: 'Id artikel (satu per baris)', en: 'Article ids (one per line)' },
  orderNote: { id: 'Catatan', en: 'Note' },
  correctsId: { id: 'Mengoreksi perintah nomor', en: 'Corrects order number' },
  orderNumber: { id: 'Nomor perintah', en: 'Order number' },
  orderStatusOpen: { id: 'Terbuka', en: 'Open' },
  orderStatusHandled: { id: 'Ditangani', en: 'Handled' },
  orderStatusLate: { id: 'Ditangani terlambat', en: 'Handled late' },
  orderStatusCorrected: { id: 'Dikoreksi', en: 'Corrected' },
  handledAt: { id: 'Ditangani pada', en: 'Handled at' },
  noOrders: { id: 'Belum ada perintah tercatat.', en: 'No orders recorded yet.' },
  complaintDeadlineHours: { id: 'Batas waktu pengaduan (jam)', en: 'Complaint deadline (hours)' },
} satisfies Record<string, { id: string; en: string }>;
