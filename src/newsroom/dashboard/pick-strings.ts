/**
 * The dashboard's strings for editor's picks, unmute and the verified flag (issue 14), kept apart
 * so the pages that use them stay in one place; ./i18n.ts spreads them into the one string table.
 */
export const pickStrings = {
  picks: { id: 'Pilihan Redaksi', en: "Editor's picks" },
  pick: { id: 'Jadikan Pilihan Redaksi', en: "Make an editor's pick" },
  unpick: { id: 'Lepas dari Pilihan Redaksi', en: "Remove from editor's picks" },
  picked: { id: 'Pilihan Redaksi', en: "Editor's pick" },
  picksHelp: {
    id: 'Hingga 3 komentar terbit per artikel tampil paling atas di widget dan fragmen, dengan tanda "Pilihan Redaksi", berurutan sesuai waktu dipilih. Komentar yang diubah penulisnya, ditolak atau dihapus lepas dari pilihan.',
    en: 'Up to 3 published comments per article show first in the widget and the fragment, badged "Editor\'s pick", in the order they were picked. A comment its author edits, or that is rejected or erased, stops being a pick.',
  },
  articleComments: { id: 'Komentar terbit & Pilihan Redaksi', en: "Published comments & editor's picks" },
  noPublished: { id: 'Belum ada komentar terbit di artikel ini.', en: 'No published comments on this article yet.' },
  unmute: { id: 'Cabut bisu', en: 'Unmute author' },
  verified: { id: 'akun terverifikasi', en: 'verified account' },
  mutedUntil: { id: 'penulis dibisukan sampai', en: 'author muted until' },
} satisfies Record<string, { id: string; en: string }>;
