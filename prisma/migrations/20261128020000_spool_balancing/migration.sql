-- CreateEnum
CREATE TYPE "GatewayBalancing" AS ENUM ('ROUND_ROBIN', 'LEAST_SPOOL');

-- AlterTable
ALTER TABLE "delivery_settings" ADD COLUMN     "balancing" "GatewayBalancing" NOT NULL DEFAULT 'ROUND_ROBIN';
