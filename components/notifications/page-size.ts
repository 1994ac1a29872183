/** Notifications per page on the notifications page (the server allows up to 50). */
export const NOTIFICATIONS_PAGE_SIZE = 20;
